"""Filing a submission: checked as the rules require, split into one case per track, routed,
numbered, timed, and the citizen told the numbers."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import (
    CheckedFile,
    attachment_content_type,
    check_attachment,
    store_checked_on_commit,
)
from qualitymonth.enquiries.models import (
    Attachment,
    Case,
    CaseEvent,
    Category,
    EventKind,
    RoutingRule,
    Submission,
)
from qualitymonth.enquiries.privacy import normalise_phone
from qualitymonth.enquiries.services.clocks import move_clocks
from qualitymonth.enquiries.services.notify import tell_citizen
from qualitymonth.enquiries.statuses import FIRST, PREFIX, Kind
from qualitymonth.organizations.models import Unit, UnitKind

MAX_ATTACHMENTS = 6
FILES_LABEL = gettext_lazy("Photos and documents")
MAX_FACTS = 4000

# What the rules require of each track (Order 121, Arts. 10–11; the complaint form).
REQUIRED = {
    Kind.COMPLAINT: ["name", "phone", "address", "business_name", "business_address", "request"],
    Kind.REPORT: ["business_name"],
    Kind.CONSULTATION: [],
}
# Lazy: the message is put in the reader's language when shown, not at import.
LABELS = {
    "name": gettext_lazy("Your name is required for a complaint."),
    "phone": gettext_lazy("A phone number is required so that we can reach you."),
    "address": gettext_lazy("Your postal address is required for a complaint."),
    "business_name": gettext_lazy("Name the business."),
    "business_address": gettext_lazy("Give the business's address."),
    "request": gettext_lazy("Say what you ask the business to do."),
}


def route(category: Category, district: Unit | None) -> Unit:
    """The handling unit from the routing table: category and district, then either, then any;
    with no rule at all the association's secretariat takes the case (nothing is unrouted)."""
    rules = RoutingRule.objects.select_related("unit")
    for cat, dist in ((category, district), (category, None), (None, district), (None, None)):
        found = rules.filter(category=cat, district=dist).first()
        if found is not None:
            return found.unit
    return Unit.objects.filter(kind=UnitKind.ASSOCIATION, is_active=True).order_by("pk").first()


def _number(kind: str, day: datetime.date) -> str:
    prefix = f"{PREFIX[kind]}{day:%Y%m%d}"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[-4:]) + 1 if last else 1:04d}"


def check(kinds: list[str], category: Category, data: dict) -> dict:
    """The submission's fields as stored, or a ValidationError naming each field."""
    errors: dict[str, str] = {}
    if not kinds:
        errors["kinds"] = _("Choose whether you ask, complain or report.")
    for kind in kinds:
        if kind not in category.kinds:
            errors["kinds"] = _("This category does not take a %(track)s.") % {
                "track": Kind(kind).label
            }
    clean = {
        key: (value or "").strip() if isinstance(value, str) else value
        for key, value in data.items()
    }
    for kind in kinds:
        for field in REQUIRED.get(kind, []):
            if not clean.get(field):
                errors.setdefault(field, LABELS[field])
    if not clean.get("facts"):
        errors["facts"] = _("Describe what happened (or your question).")
    elif len(clean["facts"]) > MAX_FACTS:
        errors["facts"] = _("At most %(n)s characters.") % {"n": MAX_FACTS}
    if Kind.CONSULTATION in kinds and not (clean.get("phone") or clean.get("email")):
        errors.setdefault("phone", _("Give a phone number or an e-mail address for the answer."))
    if clean.get("phone"):
        # Stored in E.164, so that tracking compares one form whatever spelling was typed.
        try:
            clean["phone"] = normalise_phone(clean["phone"])
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if clean.get("email"):
        # Forms check it too; this covers every path (web, desk, Open311) in one place.
        try:
            validate_email(clean["email"])
        except ValidationError:
            errors.setdefault("email", _("E-mail: enter a valid e-mail address."))
    if errors:
        raise ValidationError(errors)
    return clean


def _naming_the_field(messages) -> list[str]:
    # The page lists the messages under the field; the field's name in each message makes
    # them clear in a summary too, and on the desk, where one form holds several uploads.
    return [
        _("%(field)s: %(error)s") % {"field": FILES_LABEL, "error": message} for message in messages
    ]


def check_files(files) -> list[tuple]:
    """Each upload with its content type, judged by content (never by the name), or a
    ValidationError on "attachments" naming each refused file. Reads headers only."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("At most %(n)s files.") % {"n": MAX_ATTACHMENTS}})
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, attachment_content_type(upload)))
        except ValidationError as error:
            errors.extend(_naming_the_field(error.messages))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def prepare_files(files) -> list[CheckedFile]:
    """The checked uploads, pictures re-encoded upright, bounded in size and without their
    metadata (a phone's photo carries where it was taken), or a ValidationError on
    "attachments" naming each refused file."""
    check_files(files)
    prepared, errors = [], []
    for upload in files:
        try:
            prepared.append(check_attachment(upload, field=FILES_LABEL))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return prepared


def store_files(submission: Submission, prepared: list[CheckedFile], event=None) -> list:
    """The attachment rows, saved now; their files are written once the transaction commits,
    so a refused or rolled-back submission leaves no file behind."""
    stored = []
    for item in prepared:
        attachment = Attachment(
            submission=submission,
            event=event,
            name=item.name(200),
            content_type=item.content_type,
            size=item.size,
        )
        store_checked_on_commit(attachment, "file", item)
        attachment.save()
        stored.append(attachment)
    return stored


@transaction.atomic
def file_submission(
    *,
    kinds: list[str],
    category: Category,
    data: dict,
    channel: str,
    actor=None,
    files=(),
    client_digest: str = "",
    now=None,
    is_demo: bool = False,
) -> list[Case]:
    """Store the submission and its cases; nothing is stored if any field or file is refused."""
    clean = check(kinds, category, data)
    prepared = prepare_files(list(files))
    now = now or timezone.now()
    signed_in = actor is not None and actor.is_authenticated
    submission = Submission.objects.create(
        created_at=now,
        channel=channel,
        recorded_by=actor if signed_in and channel in ("phone", "walk_in") else None,
        account=actor if signed_in and channel == "web" else None,
        category=category,
        client_digest=client_digest,
        is_demo=is_demo,
        **{key: value for key, value in clean.items() if key in _FIELDS},
    )
    store_files(submission, prepared)
    unit = route(category, submission.district)
    cases = [_open_case(submission, kind, unit, now) for kind in _ordered(kinds)]
    log_action(
        actor=actor,
        action="enquiries.submission.file",
        obj=submission,
        changes={"cases": [case.number for case in cases], "channel": channel},
    )
    for case in cases:
        transaction.on_commit(lambda case=case: tell_citizen(case))
    return cases


# What a submission form may set; everything else is the platform's.
_FIELDS = {
    "name",
    "phone",
    "email",
    "address",
    "id_type",
    "id_number",
    "consents_to_publish",
    "consents_to_mediation",
    "business_name",
    "business_address",
    "business_phone",
    "sector",
    "product",
    "district",
    "facts",
    "request",
    "latitude",
    "longitude",
}


def _ordered(kinds: list[str]) -> list[str]:
    return [kind for kind in (Kind.CONSULTATION, Kind.COMPLAINT, Kind.REPORT) if kind in kinds]


def _open_case(submission: Submission, kind: str, unit: Unit, now) -> Case:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    submission=submission,
                    kind=kind,
                    number=_number(kind, timezone.localtime(now).date()),
                    status=FIRST[kind],
                    unit=unit,
                    category=submission.category,
                    district=submission.district,
                    received_at=now,
                    updated_at=now,
                    is_demo=submission.is_demo,
                )
            break
        except IntegrityError:
            continue  # another submission took the number at the same moment
    else:
        raise ValidationError(_("The case could not be numbered; please try again."))
    CaseEvent.objects.create(
        case=case, at=now, kind=EventKind.FILED, status=case.status, to_unit=unit
    )
    move_clocks(case, case.status, timezone.localtime(now).date())
    return case
