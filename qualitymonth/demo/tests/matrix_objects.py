"""The objects the matrix's rows open, found in the demo data (or, for the few kinds the demo
has none of, such as uploaded files, made inside the test's savepoint, which is rolled back).

Each function returns the arguments for reverse(). SGM's objects are owned by saic-gm, the
unit of sgm-admin and sgm-reporter; Huangpu's by the Huangpu bureau (huangpu-amr).
"""

from django.core.files.base import ContentFile

from qualitymonth.awards.models import Application, Assignment, AssignmentStatus, Certificate
from qualitymonth.awards.models import Attachment as AwardAttachment
from qualitymonth.campaigns.models import ActivityReport, ProgressReport, ReportFile, ReportState
from qualitymonth.core.models import ImportJob
from qualitymonth.enquiries.models import Attachment as CaseAttachment
from qualitymonth.enquiries.models import Case
from qualitymonth.events.models import Event, EventPhoto, Registration
from qualitymonth.organizations.models import Unit, User
from qualitymonth.surveys.models import ExportJob, Photo, Response, Round

YEAR = 2020  # the demo's campaign with SGM's and Huangpu's activity reports
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def user(username: str) -> User:
    return User.objects.get(username=username)


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


# --- organizations -------------------------------------------------------------------------


def sgm_unit():
    return [unit("saic-gm").pk]


def sgm_reporter_person():
    return [user("sgm-reporter").pk]


def sgm_admin_token():
    from qualitymonth.core.services import create_api_token

    token, _key = create_api_token(user=user("sgm-admin"), name="matrix")
    return [token.pk]


# --- campaigns -----------------------------------------------------------------------------


def sgm_activity_report() -> ActivityReport:
    return ActivityReport.objects.get(campaign__year=YEAR, unit__key="saic-gm")


def sgm_activity():
    return [YEAR, sgm_activity_report().pk]


def sgm_report():
    return [sgm_activity_report().pk]


def sgm_report_awaiting_review():
    """SGM's report sent back to review: only a report not yet accepted may be edited."""
    report = sgm_activity_report()
    ActivityReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    return [report.pk]


def sgm_progress_report() -> ProgressReport:
    return ProgressReport.objects.filter(unit__key="saic-gm").order_by("pk").first()


def sgm_action():
    return [sgm_progress_report().action_id]


def sgm_progress():
    return [sgm_progress_report().pk]


def sgm_report_file():
    """A document on SGM's report while it awaits review (files of accepted reports of a
    published campaign are public)."""
    report = sgm_activity_report()
    ActivityReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    file = ReportFile(activity=report, kind="document", original_name="plan.pdf", size=8)
    file.content_type = "application/pdf"
    file.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    file.save()
    return [file.pk]


def sgm_import_job():
    job = ImportJob.objects.create(
        handler="qualitymonth.campaigns.services.imports.ActivityImporter",
        owner=f"unit:{unit('saic-gm').pk}",
        target=str(sgm_activity_report().campaign_id),
        created_by=user("sgm-reporter"),
        filename="sgm-activities.xlsx",
        checksum="0" * 64,
    )
    return [job.pk]


def year():
    return [YEAR]


def year_and(fmt: str):
    return lambda: [YEAR, fmt]


def category_of_year():
    from qualitymonth.campaigns.models import Category

    return [YEAR, Category.objects.filter(campaign__year=YEAR).order_by("pk").first().pk]


def action_of_year():
    from qualitymonth.campaigns.models import Action

    return [YEAR, Action.objects.filter(campaign__year=YEAR).order_by("pk").first().pk]


# --- events --------------------------------------------------------------------------------


def sgm_event() -> Event:
    """The event SAIC-GM co-organises."""
    return Event.objects.get(unit_roles__unit__key="saic-gm")


def sgm_event_id():
    return [sgm_event().pk]


def sgm_event_and(*more):
    return lambda: [sgm_event().pk, *more]


def sgm_ticket() -> Registration:
    return Registration.objects.filter(unit__key="saic-gm").order_by("pk").first()


def sgm_ticket_code():
    return [sgm_ticket().ticket_code]


def sgm_event_photo():
    photo = EventPhoto(event=sgm_event(), caption="matrix")
    photo.image.save("matrix.png", ContentFile(PNG), save=False)
    photo.save()
    return [photo.pk]


def series_key():
    from qualitymonth.events.models import Series

    return [Series.objects.order_by("pk").first().key]


def pending_commitment():
    from qualitymonth.events.models import Commitment

    return [Commitment.objects.filter(state="pending").order_by("pk").first().pk]


# --- awards --------------------------------------------------------------------------------


def sgm_application_in_review() -> Application:
    return Application.objects.get(applicant_unit__key="saic-gm", round__status="review")


def sgm_application():
    return [sgm_application_in_review().pk]


def sgm_application_and(*more):
    return lambda: [sgm_application_in_review().pk, *more]


def sgm_awarded_application():
    certificate = Certificate.objects.filter(application__applicant_unit__key="saic-gm").first()
    return [certificate.application_id]


def certificate_serial():
    return [Certificate.objects.order_by("pk").first().serial]


def sgm_attachment():
    application = sgm_application_in_review()
    attachment = AwardAttachment(
        application=application, name="evidence.pdf", content_type="application/pdf", size=8
    )
    attachment.uploaded_by = user("sgm-reporter")
    attachment.file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return [attachment.pk]


def reviewers_assignment() -> Assignment:
    return (
        Assignment.objects.filter(
            reviewer__username="reviewer",
            status=AssignmentStatus.ASSIGNED,
            application__applicant_unit__key="saic-gm",
        ).first()
        or Assignment.objects.filter(
            reviewer__username="reviewer", status=AssignmentStatus.ASSIGNED
        )
        .order_by("pk")
        .first()
    )


def assignment():
    return [reviewers_assignment().pk]


def round_in_review():
    return [sgm_application_in_review().round_id]


def round_in_review_and(*more):
    return lambda: [sgm_application_in_review().round_id, *more]


def review_of_round():
    found = reviewers_assignment()
    return [found.application.round_id, found.review.pk]


def round_with_objection():
    from qualitymonth.awards.models import Objection

    objection = Objection.objects.order_by("pk").first()
    return [objection.notice.round_id, objection.pk]


def objection_with_evidence():
    from qualitymonth.awards.models import Objection

    objection = Objection.objects.order_by("pk").first()
    objection.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=False)
    objection.evidence_name, objection.evidence_type = "evidence.pdf", "application/pdf"
    objection.save()
    return [objection.notice.round_id, objection.pk]


def withdrawable():
    application = sgm_application_in_review()
    return [application.round_id, application.pk]


def public_round():
    from qualitymonth.awards.models import Notice

    return [Notice.objects.order_by("pk").first().round_id]


def public_notice():
    from qualitymonth.awards.models import Notice

    return [Notice.objects.order_by("pk").first().pk]


# --- surveys -------------------------------------------------------------------------------


def collecting_round() -> Round:
    """The civility round that is collecting, with `inspector` assigned."""
    return Round.objects.get(status="collecting", inspectors__username="inspector")


def collecting_round_id():
    return [collecting_round().pk]


def published_round():
    return [Round.objects.filter(runs__published_at__isnull=False).order_by("pk").first().pk]


def published_round_and_district():
    round_ = Round.objects.filter(runs__published_at__isnull=False).order_by("pk").first()
    key = round_.runs.first().results.filter(level="district").values_list("key", flat=True)[0]
    return [round_.pk, key]


def satisfaction_round():
    return [Round.objects.filter(satisfaction_runs__isnull=False).order_by("pk").first().pk]


def inspectors_response():
    """One of the collecting round's responses, as the inspector's own."""
    round_ = collecting_round()
    response = Response.objects.filter(round=round_).order_by("pk").first()
    Response.objects.filter(pk=response.pk).update(submitted_by=user("inspector"))
    return [round_.pk, response.pk]


def a_response():
    response = Response.objects.filter(round=collecting_round()).order_by("pk").first()
    return [response.round_id, response.pk]


def inspectors_photo():
    _round, response_pk = inspectors_response()
    response = Response.objects.get(pk=response_pk)
    photo = Photo(response=response, question=response.round.instrument.questions.first())
    photo.content_type = "image/png"
    photo.file.save("site.png", ContentFile(PNG), save=False)
    photo.save()
    return [photo.pk]


def public_link():
    round_ = collecting_round()
    return (
        [round_.public_link]
        if round_.public_link
        else [Round.objects.exclude(public_link=None).values_list("public_link", flat=True).first()]
    )


def evaluation_key():
    return [collecting_round().evaluation.key]


def instrument_id():
    return [collecting_round().instrument_id]


def system_id():
    return [collecting_round().system_id]


def index_run():
    round_ = collecting_round()
    return [round_.pk, round_.runs.order_by("pk").first().pk]


def secretariats_export():
    job = ExportJob(round=collecting_round(), format="csv", requested_by=user("secretariat"))
    job.file.save("answers.csv", ContentFile(b"a,b\n"), save=False)
    job.save()
    return [job.round_id, job.pk]


def round_and(fmt: str):
    return lambda: [collecting_round().pk, fmt]


# --- enquiries -----------------------------------------------------------------------------


def huangpu_case() -> Case:
    """A case the Huangpu bureau handles."""
    return Case.objects.filter(unit__key="huangpu-amr").order_by("pk").first()


def huangpu_case_number():
    return [huangpu_case().number]


def huangpu_case_attachment():
    case = huangpu_case()
    attachment = CaseAttachment(
        submission=case.submission, name="receipt.pdf", content_type="application/pdf", size=8
    )
    attachment.file.save("receipt.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return [case.number, attachment.pk]


def open311_service():
    from qualitymonth.enquiries.models import Category

    return {"fmt": "json", "code": Category.objects.order_by("pk").first().code}


def open311_unpublished_case():
    case = Case.objects.filter(submission__consents_to_publish=False).order_by("pk").first()
    return {"fmt": "json", "number": case.number}
