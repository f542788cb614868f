"""The permission matrix of the pages: every URL name × every persona (see matrix.py).

Read a row as: who owns the object, then each persona's answer on GET and, where the view
changes something, on POST. `private(...)` lists who may open an object: everyone else gets
404, as if nothing were there. `staff_page(...)` lists who may open a page that shows no
single object: everyone else signed in gets 403. `WRITES` means allowed, but the POST is not
sent here (the demo data is shared; the app's own tests post).
"""

from qualitymonth.awards.models import Application, Objection
from qualitymonth.campaigns.models import ActivityReport, Campaign, Category, ProgressReport
from qualitymonth.core.models import ApiToken, AuditEntry
from qualitymonth.demo.tests import matrix_objects as o
from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    HUANGPU,
    NOT_FOUND,
    OK,
    POST_ONLY,
    READ_ONLY,
    REDIRECT,
    SIGN_IN,
    WRITES,
    Row,
    answers,
    private,
    signed_in,
    staff_page,
)
from qualitymonth.enquiries.models import Case, CaseEvent, RoutingRule
from qualitymonth.events.models import Commitment, Invitation, Registration
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys.models import Evaluation, IndexRun, Response
from qualitymonth.surveys.models import Round as SurveyRound

STAFF = ("own_admin", "own_reporter", "other_admin", "other_reporter")
SGM_STAFF = ("own_admin", "own_reporter")
ALL_POST_ONLY = answers(POST_ONLY)
SIGNED_IN_POST_ONLY = answers(POST_ONLY, anonymous=SIGN_IN)


def only_secretariat_writes(watch):
    """A page of the secretariat's: GET and POST refused by role to everyone else."""
    return {
        "get": staff_page("secretariat"),
        "post": staff_page("secretariat", answer=WRITES),
        "watch": watch,
    }


def count(model):
    return lambda: model.objects.count()


def state_of(model, pk_of, field="state"):
    return lambda: model.objects.filter(pk=pk_of()[-1]).values_list(field, flat=True).first()


def _activity_title():
    return o.sgm_activity_report().title


def _application_title():
    return o.sgm_application_in_review().title


def _case_filer():
    """The citizen's name: on the desk's page of the case, and on no refusal."""
    return o.huangpu_case().submission.name


CORE = [
    Row("home", EVERYONE),
    Row("healthz", EVERYONE),
    Row("readyz", EVERYONE),
    # The language switch: POST only; switching is no write to the data.
    Row("set_language", ALL_POST_ONLY),
    Row("login", EVERYONE),
    # Django's logout is POST only.
    Row("logout", ALL_POST_ONLY),
    Row("password_change", signed_in(OK), post=signed_in(WRITES)),
    Row("password_change_done", signed_in(OK)),
    Row("password_reset", EVERYONE),
    Row("password_reset_done", EVERYONE),
    # A made-up link: the page says the link is not valid, to everyone.
    Row("password_reset_confirm", EVERYONE, args=lambda: ["MQ", "set-password"]),
    Row("password_reset_complete", EVERYONE),
    # Enrolment is offered to all; the secretariat (enrolled) manages theirs there.
    Row("two_factor_setup", signed_in(OK), post=signed_in(WRITES)),
    # Nobody here has a session waiting for a code: each is sent on to where they were going.
    Row("two_factor_verify", signed_in(REDIRECT)),
    Row("lockouts", staff_page("secretariat")),
    Row(
        "lift_lockout",
        ALL_POST_ONLY,
        post=staff_page("secretariat", answer=WRITES),
        data={"kind": "username", "value": "sgm-admin"},
    ),
    # The public check of any certificate's number (awards' and events' alike).
    Row("certificate_verify", EVERYONE),
    Row("certificate_verify_serial", EVERYONE, args=o.certificate_serial),
    Row("profile", signed_in(OK), post=signed_in(WRITES), watch=count(ApiToken)),
    # Only one's own token: sgm-admin's token is not there for anyone else.
    Row(
        "revoke_token",
        SIGNED_IN_POST_ONLY,
        post=private("own_admin", answer=WRITES),
        args=o.sgm_admin_token,
        watch=lambda: ApiToken.objects.filter(revoked_at=None).count(),
    ),
    # SGM's upload of activity reports: SGM's staff follow it; no one else sees it.
    Row(
        "import_job",
        private(*SGM_STAFF),
        args=o.sgm_import_job,
        title=lambda: "sgm-activities.xlsx",
    ),
]

ORGANIZATIONS = [
    Row("organizations:unit_list", EVERYONE),
    Row(
        "organizations:unit_detail",
        EVERYONE,
        args=o.sgm_unit,
        title=lambda: o.unit("saic-gm").name,
    ),
    Row(
        "organizations:unit_create",
        staff_page("secretariat"),
        post=staff_page("secretariat", answer=WRITES),
        watch=count(Unit),
    ),
    # A unit's administrators edit it (and the secretariat); its reporters may not.
    Row(
        "organizations:unit_edit",
        private("own_admin", "secretariat"),
        post=private("own_admin", "secretariat", answer=WRITES),
        args=o.sgm_unit,
        title=lambda: o.unit("saic-gm").name,
        watch=lambda: str(Unit.objects.filter(key="saic-gm").values().first()),
    ),
    Row("organizations:people_list", signed_in(OK)),
    # A person is seen by themselves, people of their units, and the secretariat.
    Row(
        "organizations:person_detail",
        private("own_admin", "own_reporter", "secretariat"),
        args=o.sgm_reporter_person,
        title=lambda: str(o.user("sgm-reporter")),
    ),
]

CAMPAIGNS = [
    Row("campaigns:campaign_list", EVERYONE),
    Row("campaigns:latest", answers(REDIRECT)),
    Row("campaigns:districts_geojson", answers(FILE)),
    # A document of SGM's report awaiting review: SGM's staff and the secretariat.
    Row(
        "campaigns:file",
        private(*SGM_STAFF, "secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.sgm_report_file,
    ),
    Row("campaigns:campaign_detail", EVERYONE, args=o.year),
    Row("campaigns:activity_list", EVERYONE, args=o.year),
    Row("campaigns:activity_calendar", EVERYONE, args=o.year),
    Row("campaigns:activity_detail", EVERYONE, args=o.sgm_activity, title=_activity_title),
    Row("campaigns:digest", EVERYONE, args=o.year),
    Row("campaigns:digest_document", answers(FILE), args=o.year_and("docx"), heavy=True),
    Row("campaigns:actions_export", answers(FILE), args=o.year_and("csv")),
    Row("campaigns:activities_export", answers(FILE), args=o.year_and("csv")),
    Row("campaigns:campaign_create", **only_secretariat_writes(count(Campaign))),
    Row("campaigns:campaign_edit", args=o.year, **only_secretariat_writes(count(AuditEntry))),
    Row("campaigns:campaign_copy", args=o.year, **only_secretariat_writes(count(Campaign))),
    Row("campaigns:category_create", args=o.year, **only_secretariat_writes(count(Category))),
    Row(
        "campaigns:category_edit",
        args=o.category_of_year,
        **only_secretariat_writes(count(Category)),
    ),
    Row("campaigns:action_create", args=o.year, **only_secretariat_writes(count(AuditEntry))),
    Row(
        "campaigns:action_edit", args=o.action_of_year, **only_secretariat_writes(count(AuditEntry))
    ),
    # Campaign reporting is for a unit's staff (and the secretariat who reviews it); case
    # handlers, reviewers and inspectors have no part in it.
    Row("campaigns:workspace", staff_page(*STAFF, "secretariat")),
    Row("campaigns:report_list", staff_page(*STAFF, "secretariat")),
    # An action SGM reports progress on: SGM's staff report, the secretariat reviews.
    Row(
        "campaigns:action_detail",
        private(*SGM_STAFF, "secretariat"),
        post=private(*SGM_STAFF, "secretariat", answer=WRITES),
        args=o.sgm_action,
        watch=count(ProgressReport),
    ),
    Row(
        "campaigns:progress_review",
        ALL_POST_ONLY,
        post=staff_page("secretariat", answer=WRITES),
        args=o.sgm_progress,
        watch=state_of(ProgressReport, o.sgm_progress),
    ),
    Row(
        "campaigns:activity_create",
        staff_page(*STAFF),
        post=staff_page(*STAFF, answer=WRITES),
        args=o.year,
        watch=count(ActivityReport),
    ),
    Row(
        "campaigns:activity_import",
        staff_page(*STAFF),
        post=staff_page(*STAFF, answer=WRITES),
        args=o.year,
        watch=count(ActivityReport),
    ),
    Row("campaigns:import_template", staff_page(*STAFF, answer=FILE), args=o.year_and("xlsx")),
    Row(
        "campaigns:report_detail",
        private(*SGM_STAFF, "secretariat"),
        args=o.sgm_report,
        title=_activity_title,
    ),
    # Only a report not yet accepted may be edited, by its unit's staff.
    Row(
        "campaigns:report_edit",
        private(*SGM_STAFF),
        post=private(*SGM_STAFF, answer=WRITES),
        args=o.sgm_report_awaiting_review,
        title=_activity_title,
        watch=count(AuditEntry),
    ),
    Row(
        "campaigns:report_review",
        ALL_POST_ONLY,
        post=staff_page("secretariat", answer=WRITES),
        args=o.sgm_report_awaiting_review,
        watch=state_of(ActivityReport, o.sgm_report),
    ),
]

EVENTS = [
    Row("events:list", EVERYONE),
    Row("events:detail", EVERYONE, args=o.sgm_event_id, title=lambda: o.sgm_event().title),
    Row("events:series", EVERYONE, args=o.series_key),
    Row("events:photo", answers(FILE), args=o.sgm_event_photo),
    Row("events:mine", signed_in(OK)),
    # A ticket is reached by its unguessable code: whoever holds the code holds the ticket.
    Row("events:ticket", EVERYONE, args=o.sgm_ticket_code),
    Row("events:ticket_qr", answers(FILE), args=o.sgm_ticket_code),
    Row("events:ticket_ics", answers(FILE), args=o.sgm_ticket_code),
    Row("events:ticket_cancel", ALL_POST_ONLY, args=o.sgm_ticket_code),
    # Not a lecture: each is sent back to the ticket with a message.
    Row("events:certificate", answers(REDIRECT), args=o.sgm_ticket_code),
    Row("events:wall", EVERYONE),
    Row("events:moderation", staff_page("secretariat")),
    Row(
        "events:moderate",
        ALL_POST_ONLY,
        post=staff_page("secretariat", answer=WRITES),
        args=o.pending_commitment,
        data={"state": "hidden"},
        watch=state_of(Commitment, o.pending_commitment),
    ),
    # "Events I run" is for a unit's staff; the secretariat runs events from each event's page.
    Row("events:running", staff_page(*STAFF)),
    # The event SGM co-organises: SGM's staff and the secretariat run it; to anyone else it is
    # not there (anonymous visitors included: these pages do not ask them to sign in).
    Row(
        "events:manage",
        private(*SGM_STAFF, "secretariat", anonymous=NOT_FOUND),
        args=o.sgm_event_id,
        title=lambda: o.sgm_event().title,
    ),
    Row(
        "events:decide",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, "secretariat", answer=WRITES, anonymous=NOT_FOUND),
        args=o.sgm_event_and(1, "approve"),
        watch=lambda: list(Registration.objects.values_list("status", flat=True)),
    ),
    Row(
        "events:viewers",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, "secretariat", answer=WRITES, anonymous=NOT_FOUND),
        args=o.sgm_event_id,
        data={"online_viewers": "5"},
        watch=count(AuditEntry),
    ),
    Row(
        "events:report",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, "secretariat", answer=WRITES, anonymous=NOT_FOUND),
        args=o.sgm_event_id,
        watch=count(ActivityReport),
    ),
    Row(
        "events:invite",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, "secretariat", answer=WRITES, anonymous=NOT_FOUND),
        args=o.sgm_event_id,
        watch=count(Invitation),
    ),
    Row(
        "events:check_in",
        private(*SGM_STAFF, "secretariat", anonymous=NOT_FOUND),
        post=private(*SGM_STAFF, "secretariat", answer=WRITES, anonymous=NOT_FOUND),
        args=o.sgm_event_id,
        watch=lambda: Registration.objects.exclude(checked_in_at=None).count(),
    ),
    Row(
        "events:attendees_export",
        private(*SGM_STAFF, "secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.sgm_event_and("csv"),
    ),
    Row(
        "events:register_group",
        staff_page(*STAFF),
        post=staff_page(*STAFF, answer=WRITES),
        args=o.sgm_event_id,
        watch=count(Registration),
    ),
    Row("events:feed_all", answers(FILE)),
    Row("events:feed_series", answers(FILE), args=o.series_key),
    Row("events:feed_campaign", answers(FILE), args=o.year),
]

ROUND_MANAGER = private("secretariat", anonymous=NOT_FOUND)
ROUND_MANAGER_WRITES = private("secretariat", answer=WRITES, anonymous=NOT_FOUND)

AWARDS = [
    Row("awards:index", EVERYONE),
    Row("awards:round", EVERYONE, args=o.public_round),
    # Objections to a public notice are open to anyone: no refusal to show.
    Row("awards:notice", EVERYONE, args=o.public_notice),
    Row("awards:verify", EVERYONE),
    Row("awards:verify_serial", EVERYONE, args=o.certificate_serial),
    # The program takes units: a unit's staff get the form; anyone else is sent back to the
    # round with a message that only a unit's staff can apply.
    Row(
        "awards:start",
        signed_in(REDIRECT, **dict.fromkeys(STAFF, OK)),
        args=o.round_in_review,
        post=signed_in(REDIRECT, **dict.fromkeys(STAFF, WRITES)),
        watch=count(Application),
    ),
    Row("awards:mine", signed_in(OK)),
    # SGM's application: its staff and the secretariat see it (the secretariat cannot change
    # it); its reviewers review it on the review desk, never here.
    Row(
        "awards:application",
        private(*SGM_STAFF, "secretariat"),
        post=private(*SGM_STAFF, answer=WRITES, secretariat=READ_ONLY),
        args=o.sgm_application,
        title=_application_title,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:attach",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, answer=WRITES),
        args=o.sgm_application,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:detach",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, answer=WRITES),
        args=lambda: [o.sgm_application()[0], o.sgm_attachment()[0]],
        watch=count(AuditEntry),
    ),
    Row(
        "awards:submit",
        ALL_POST_ONLY,
        post=private(*SGM_STAFF, answer=WRITES),
        args=o.sgm_application,
        watch=state_of(Application, o.sgm_application, "status"),
    ),
    # No recommending unit on SGM's application: nobody recommends it.
    Row(
        "awards:recommend",
        ALL_POST_ONLY,
        post=private(),
        args=o.sgm_application,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:certificate_pdf",
        private(*SGM_STAFF, "secretariat", answer=FILE),
        args=o.sgm_awarded_application,
        heavy=True,
    ),
    # An application's files: for those who see the application and its assigned reviewers.
    Row(
        "awards:attachment",
        private(*SGM_STAFF, "secretariat", "reviewer", answer=FILE),
        args=o.sgm_attachment,
    ),
    Row("awards:desk", staff_page("reviewer")),
    Row(
        "awards:review",
        private("reviewer", anonymous=NOT_FOUND),
        post=private("reviewer", answer=WRITES, anonymous=NOT_FOUND),
        args=o.assignment,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:recuse",
        ALL_POST_ONLY,
        post=private("reviewer", answer=WRITES, anonymous=NOT_FOUND),
        args=o.assignment,
        watch=count(AuditEntry),
    ),
    Row("awards:manage", ROUND_MANAGER, args=o.round_in_review),
    Row(
        "awards:step",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.round_in_review_and("notice"),
        watch=count(AuditEntry),
    ),
    Row(
        "awards:assign",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.round_in_review,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:auto_assign",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.round_in_review,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:reopen",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.review_of_round,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:grades",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.round_in_review,
        watch=count(AuditEntry),
    ),
    Row(
        "awards:resolve",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.round_with_objection,
        watch=state_of(Objection, o.round_with_objection, "status"),
    ),
    Row(
        "awards:evidence",
        private("secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.objection_with_evidence,
    ),
    Row(
        "awards:withdraw",
        ALL_POST_ONLY,
        post=ROUND_MANAGER_WRITES,
        args=o.withdrawable,
        watch=state_of(Application, o.withdrawable, "status"),
    ),
    Row(
        "awards:export",
        private("secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.round_in_review_and("scores", "csv"),
    ),
]

SURVEY_MANAGER = staff_page("secretariat")
SURVEY_MANAGER_WRITES = staff_page("secretariat", answer=WRITES)

SURVEYS = [
    Row("surveys:index", EVERYONE),
    Row("surveys:evaluation", EVERYONE, args=o.evaluation_key),
    Row("surveys:results", EVERYONE, args=o.published_round),
    Row("surveys:district", EVERYONE, args=o.published_round_and_district),
    # The satisfaction model of a round not yet published: the secretariat only.
    Row(
        "surveys:satisfaction",
        private("secretariat", anonymous=NOT_FOUND),
        args=o.satisfaction_round,
    ),
    Row("surveys:mine", signed_in(OK)),
    # The collecting round: its inspectors and the secretariat; to anyone else it is not there.
    Row(
        "surveys:collect",
        private("inspector", "secretariat"),
        post=private("inspector", "secretariat", answer=WRITES),
        args=o.collecting_round_id,
        watch=count(Response),
    ),
    Row("surveys:site_picker", private("inspector", "secretariat"), args=o.collecting_round_id),
    # The inspector's own record; the secretariat reads responses on the manage pages.
    Row("surveys:my_record", private("inspector"), args=o.inspectors_response),
    # Relevance of questions for answers so far: a computation, no write.
    Row("surveys:relevance", ALL_POST_ONLY, args=o.collecting_round_id),
    # The public link of a round open to the public.
    Row("surveys:answer", EVERYONE, args=o.public_link),
    # A photo sent with a response: the secretariat and the inspector who sent it.
    Row(
        "surveys:photo",
        private("inspector", "secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.inspectors_photo,
    ),
    Row("surveys:manage_index", SURVEY_MANAGER),
    Row("surveys:manage_round", SURVEY_MANAGER, args=o.collecting_round_id),
    Row(
        "surveys:compute",
        ALL_POST_ONLY,
        post=SURVEY_MANAGER_WRITES,
        args=o.collecting_round_id,
        watch=count(IndexRun),
    ),
    Row(
        "surveys:publish",
        ALL_POST_ONLY,
        post=SURVEY_MANAGER_WRITES,
        args=o.index_run,
        watch=lambda: list(IndexRun.objects.values_list("published_at", flat=True)),
    ),
    Row("surveys:responses", SURVEY_MANAGER, args=o.collecting_round_id),
    Row(
        "surveys:responses_import",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.collecting_round_id,
        watch=count(Response),
    ),
    Row(
        "surveys:responses_template",
        staff_page("secretariat", answer=FILE),
        args=o.collecting_round_id,
    ),
    Row("surveys:response", SURVEY_MANAGER, args=o.a_response),
    Row(
        "surveys:instrument_upload",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.evaluation_key,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:instrument_new",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.evaluation_key,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:instrument_edit",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.instrument_id,
        watch=count(AuditEntry),
    ),
    Row("surveys:instrument_xlsx", staff_page("secretariat", answer=FILE), args=o.instrument_id),
    Row(
        "surveys:export_csv",
        staff_page("secretariat", answer=FILE),
        args=o.collecting_round_id,
        heavy=True,
    ),
    Row("surveys:exports", SURVEY_MANAGER, args=o.collecting_round_id),
    Row(
        "surveys:export_download",
        staff_page("secretariat", answer=FILE),
        args=o.secretariats_export,
    ),
    Row(
        "surveys:chapter",
        staff_page("secretariat", answer=FILE),
        args=o.round_and("docx"),
        heavy=True,
    ),
    Row(
        "surveys:sites_import",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.evaluation_key,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:system",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.system_id,
        watch=count(AuditEntry),
    ),
    Row("surveys:system_xlsx", staff_page("secretariat", answer=FILE), args=o.system_id),
    Row(
        "surveys:system_import",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.system_id,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:evaluation_new",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        watch=count(Evaluation),
    ),
    Row(
        "surveys:round_new",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.evaluation_key,
        watch=count(SurveyRound),
    ),
    Row(
        "surveys:round_edit",
        SURVEY_MANAGER,
        post=SURVEY_MANAGER_WRITES,
        args=o.collecting_round_id,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:round_open",
        ALL_POST_ONLY,
        post=SURVEY_MANAGER_WRITES,
        args=o.collecting_round_id,
        watch=count(AuditEntry),
    ),
    Row(
        "surveys:round_close",
        ALL_POST_ONLY,
        post=SURVEY_MANAGER_WRITES,
        args=o.collecting_round_id,
        watch=state_of(SurveyRound, o.collecting_round_id, "status"),
    ),
    Row(
        "surveys:satisfaction_compute",
        ALL_POST_ONLY,
        post=SURVEY_MANAGER_WRITES,
        args=o.satisfaction_round,
        watch=count(AuditEntry),
    ),
]

# Cases are the Huangpu bureau's. The desk is for case handlers and the secretariat only:
# campaign staff (administrators and reporters, of the bureau too) are refused it, and a case
# is not there for them (issue 16: case handling is its own role).
DESK = staff_page("case_handler", "secretariat")
DESK_WRITES = staff_page("case_handler", "secretariat", answer=WRITES)

ENQUIRIES = [
    Row("enquiries:index", EVERYONE),
    Row("enquiries:new", EVERYONE),
    # Thanks for a filing of this session; without one, back to the index.
    Row("enquiries:thanks", answers(REDIRECT)),
    Row("enquiries:track", EVERYONE),
    Row("enquiries:record", DESK, post=DESK_WRITES, watch=count(Case)),
    # The citizen's page of a case: its filer (none of the personas), or its handlers, who
    # are sent to the desk's page of it.
    Row(
        "enquiries:case",
        private("case_handler", "secretariat", answer=REDIRECT, anonymous=NOT_FOUND),
        args=o.huangpu_case_number,
        owner=HUANGPU,
        title=_case_filer,
    ),
    # Adding to a case and rating it are the filer's: staff answer on the desk.
    Row(
        "enquiries:case_add",
        ALL_POST_ONLY,
        post=private(anonymous=NOT_FOUND),
        args=o.huangpu_case_number,
        owner=HUANGPU,
        watch=count(CaseEvent),
    ),
    Row(
        "enquiries:case_rate",
        ALL_POST_ONLY,
        post=private(anonymous=NOT_FOUND),
        args=o.huangpu_case_number,
        owner=HUANGPU,
        data={"rating": "5"},
        watch=count(CaseEvent),
    ),
    Row(
        "enquiries:case_file",
        private("case_handler", "secretariat", answer=FILE, anonymous=NOT_FOUND),
        args=o.huangpu_case_attachment,
        owner=HUANGPU,
    ),
    Row("enquiries:desk", DESK, owner=HUANGPU),
    Row(
        "enquiries:desk_export",
        staff_page("case_handler", "secretariat", answer=FILE),
        owner=HUANGPU,
    ),
    Row(
        "enquiries:routing",
        only_secretariat_writes(count(RoutingRule))["get"],
        post=staff_page("secretariat", answer=WRITES),
        watch=count(RoutingRule),
        owner=HUANGPU,
    ),
    Row("enquiries:desk_case", DESK, args=o.huangpu_case_number, owner=HUANGPU, title=_case_filer),
    *(
        Row(
            f"enquiries:{name}",
            ALL_POST_ONLY,
            post=DESK_WRITES,
            args=o.huangpu_case_number,
            owner=HUANGPU,
            watch=count(CaseEvent),
        )
        for name in ("desk_status", "desk_transfer", "desk_note", "desk_reply", "desk_acknowledge")
    ),
    # Erasing a citizen's personal data is the secretariat's alone.
    Row(
        "enquiries:desk_erase",
        ALL_POST_ONLY,
        post=staff_page("secretariat", answer=WRITES),
        args=o.huangpu_case_number,
        owner=HUANGPU,
        watch=count(CaseEvent),
    ),
    Row(
        "enquiries:desk_attachment",
        staff_page("case_handler", "secretariat", answer=FILE),
        args=o.huangpu_case_attachment,
        owner=HUANGPU,
    ),
    Row("enquiries:figures", DESK, owner=HUANGPU),
    Row(
        "enquiries:figures_xlsx",
        staff_page("case_handler", "secretariat", answer=FILE),
        owner=HUANGPU,
        heavy=True,
    ),
]

ROWS = {
    "core": CORE,
    "organizations": ORGANIZATIONS,
    "campaigns": CAMPAIGNS,
    "events": EVENTS,
    "awards": AWARDS,
    "surveys": SURVEYS,
    "enquiries": ENQUIRIES,
}
