"""Permission-matrix rows of the members pages and the member list API.

The secretariat runs the members pages; a member unit's own staff (SAIC-GM's administrator
and reporter) open their unit's page and the visits to it; everyone may apply to join.
The objects are the demo's (fixtures/100_members.yaml).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from qualitymonth.demo.tests import matrix_objects as o
from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    NOT_FOUND,
    POST_ONLY,
    REDIRECT,
    SIGN_IN,
    WRITES,
    Row,
    answers,
    private,
    signed_in,
    staff_page,
)
from qualitymonth.demo.tests.matrix_api_rows import ANYONE
from qualitymonth.events.models import Event
from qualitymonth.members.models import (
    ApplicationDocument,
    FollowUp,
    Invoice,
    JoinApplication,
    ParticipationRule,
    ParticipationRun,
    Payment,
    Term,
    Visit,
)
from qualitymonth.organizations.models import Unit

SGM_SIDE = ("own_admin", "own_reporter", "secretariat")
SECRETARIAT = staff_page("secretariat")
SECRETARIAT_FILE = staff_page("secretariat", answer=FILE)
SECRETARIAT_WRITES = staff_page("secretariat", answer=WRITES)
SECRETARIAT_POST_ONLY = staff_page("secretariat", answer=POST_ONLY)
VISIT_TITLE = "机械大组走访上汽通用和江南造船"


def count(model):
    return lambda: model.objects.count()


def _application():
    return [JoinApplication.objects.order_by("pk").first().pk]


def _application_with_file():
    """The demo's licence is written when the load commits; the test's load never does."""
    application = JoinApplication.objects.order_by("pk").first()
    if not default_storage.exists(application.licence.name):
        default_storage.save(application.licence.name, ContentFile(b"%PDF-1.4 licence"))
    return [application.pk]


def _stale_more_link():
    """The signed link of an application that is not waiting for the applicant's answer (the
    demo's is with the secretariat): it answers as if there were no such page."""
    from django.core import signing

    from qualitymonth.members.services.joining import MORE_SALT

    application = JoinApplication.objects.order_by("pk").first()
    return [signing.dumps({"a": application.pk, "at": ""}, salt=MORE_SALT)]


def _application_document():
    """A document the applicant added when asked for more (made here: the demo has none)."""
    application = JoinApplication.objects.order_by("pk").first()
    document = application.documents.first()
    if document is None:
        name = default_storage.save("members/applications/proof.pdf", ContentFile(b"%PDF-1.4 x"))
        document = ApplicationDocument.objects.create(
            application=application, file=name, content_type="application/pdf", name="proof.pdf"
        )
    return [application.pk, document.pk]


def _visit():
    return [Visit.objects.get(title=VISIT_TITLE).pk]


def _invoice():
    return [Invoice.objects.filter(payments__isnull=True).order_by("pk").first().pk]


def _sgm_term():
    return [Term.objects.filter(membership__unit__key="saic-gm").order_by("-starts_on").first().pk]


def _payment():
    return [Payment.objects.filter(invoice__year=2026).order_by("pk").first().pk]


def _invoice_paid():
    return [Payment.objects.filter(invoice__year=2026).order_by("pk").first().invoice_id]


def _follow_up():
    return [FollowUp.objects.get(owner__username="sgm-admin", done_on__isnull=True).pk]


def _run():
    return [ParticipationRun.objects.filter(year=2018).first().pk]


def _group():
    return [Unit.objects.get(key="sqa-machinery-group").pk]


MEMBERS = [
    Row("members:apply", EVERYONE, post=answers(WRITES), watch=count(JoinApplication)),
    Row("members:apply_done", EVERYONE),
    Row("members:index", answers(REDIRECT)),
    Row("members:applications", SECRETARIAT),
    Row(
        "members:application_detail",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        args=_application,
        title=lambda: JoinApplication.objects.order_by("pk").first().unit_name,
        watch=lambda: list(JoinApplication.objects.values_list("status", flat=True)),
        data={"decision": "approve"},
    ),
    Row("members:application_licence", SECRETARIAT_FILE, args=_application_with_file),
    Row(
        "members:apply_more",
        answers(NOT_FOUND),
        post=answers(NOT_FOUND),
        args=_stale_more_link,
        title=lambda: JoinApplication.objects.order_by("pk").first().unit_name,
        watch=lambda: list(JoinApplication.objects.values_list("status", "answer")),
    ),
    Row("members:application_document", SECRETARIAT_FILE, args=_application_document),
    Row("members:list", SECRETARIAT),
    Row("members:list_xlsx", SECRETARIAT_FILE),
    Row(
        "members:unit",
        private(*SGM_SIDE),
        args=o.sgm_unit,
        title=lambda: o.unit("saic-gm").name,
    ),
    Row("members:unit_xlsx", private(*SGM_SIDE, answer=FILE), args=o.sgm_unit),
    Row(
        "members:term_add",
        SECRETARIAT_POST_ONLY,
        post=SECRETARIAT_WRITES,
        args=o.sgm_unit,
        watch=count(Term),
    ),
    Row(
        "members:term_edit",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        args=_sgm_term,
        title=lambda: o.unit("saic-gm").name,
        watch=lambda: list(Term.objects.order_by("pk").values_list("ends_on", "type_id")),
        data={"type": "", "starts_on": "2026-01-01", "ends_on": "2026-06-30"},
    ),
    Row(
        "members:invoice_edit",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        args=_invoice_paid,
        watch=lambda: list(Invoice.objects.order_by("pk").values_list("amount", "number")),
        data={"number": "HY2026-999", "amount": "1", "issued_on": "2026-01-01"},
    ),
    Row(
        "members:payment_edit",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        args=_payment,
        watch=lambda: list(Payment.objects.order_by("pk").values_list("amount", "fapiao_number")),
        data={"amount": "1", "paid_on": "2026-01-01", "fapiao_number": "X"},
    ),
    Row("members:dues", SECRETARIAT),
    Row("members:dues_xlsx", SECRETARIAT_FILE),
    Row(
        "members:dues_issue",
        SECRETARIAT_POST_ONLY,
        post=SECRETARIAT_WRITES,
        watch=count(Invoice),
        data={"year": "2026"},
    ),
    Row(
        "members:payment_add",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        args=_invoice,
        watch=count(Payment),
    ),
    Row("members:visits", SECRETARIAT),
    Row("members:visit_create", SECRETARIAT, post=SECRETARIAT_WRITES, watch=count(Visit)),
    Row(
        "members:visit_detail",
        private(*SGM_SIDE),
        args=_visit,
        title=lambda: VISIT_TITLE,
    ),
    Row("members:needs", SECRETARIAT),
    Row("members:my_follow_ups", signed_in()),
    Row(
        "members:follow_up_done",
        signed_in(POST_ONLY),
        post=answers(NOT_FOUND, anonymous=SIGN_IN, own_admin=WRITES),
        args=_follow_up,
        watch=lambda: list(FollowUp.objects.values_list("done_on", flat=True)),
    ),
    Row("members:groups", SECRETARIAT),
    # The machinery group's leader is SAIC-GM's administrator (fixtures/100_members.yaml).
    Row(
        "members:group_detail",
        private("own_admin", "secretariat"),
        args=_group,
        title=lambda: Unit.objects.get(key="sqa-machinery-group").name,
    ),
    Row(
        "members:group_event_create",
        signed_in(POST_ONLY),
        post=answers(NOT_FOUND, anonymous=SIGN_IN, own_admin=WRITES, secretariat=WRITES),
        args=_group,
        watch=lambda: Event.objects.count(),
        data={"title": "x", "kind": "forum", "venue": "x"},
    ),
    Row("members:councils", SECRETARIAT),
    Row("members:committees", SECRETARIAT),
    Row(
        "members:participation",
        SECRETARIAT,
        post=SECRETARIAT_WRITES,
        watch=lambda: list(ParticipationRule.objects.values_list("events", "visits")),
    ),
    Row(
        "members:participation_compute",
        SECRETARIAT_POST_ONLY,
        post=SECRETARIAT_WRITES,
        watch=count(ParticipationRun),
    ),
    Row("members:participation_entries", SECRETARIAT, args=_run),
    Row("members:participation_xlsx", SECRETARIAT_FILE, args=_run),
]

ROWS = {
    "members": MEMBERS,
    "api_members": [Row("api:list_members", ANYONE)],
}
