"""What staff and citizens do to a case after filing. Every step is a CaseEvent (the case's
history, never edited) and an audit entry; the citizen is told of each status change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_instance_version
from qualitymonth.enquiries.models import Case, CaseEvent, EventKind
from qualitymonth.enquiries.selectors_desk import case_handling_units
from qualitymonth.enquiries.services.clocks import move_clocks
from qualitymonth.enquiries.services.intake import prepare_files, store_files
from qualitymonth.enquiries.services.notify import tell_citizen
from qualitymonth.enquiries.statuses import REASONS, Status, is_open, next_statuses

# What the case page shows and its forms act on: a step taken from a page opened before
# another handler's step is refused (core.versions), so nobody answers a case blind.
CASE_VERSION_FIELDS = ["status", "unit"]
# Steps whose text the citizen must receive: the answer, the decision, the result.
TEXT_REQUIRED = {Status.ANSWERED, Status.RESULT_NOTIFIED}


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("submission").get(pk=case.pk)


@transaction.atomic
def change_status(
    *,
    case: Case,
    to: str,
    actor,
    reason: str = "",
    text: str = "",
    now=None,
    version: str | None = None,
):
    case = _locked(case)
    check_instance_version(case, version, CASE_VERSION_FIELDS)
    now = now or timezone.now()
    if to not in next_statuses(case.kind, case.status):
        raise ValidationError(
            {
                "status": _("A %(track)s that is “%(status)s” cannot become “%(to)s”.")
                % {
                    "track": case.get_kind_display(),
                    "status": case.get_status_display(),
                    "to": Status(to).label if to in Status.values else to,
                }
            },
            code="transition",
        )
    allowed = REASONS.get(to)
    if allowed and reason not in allowed:
        raise ValidationError({"reason": _("Choose the reason, as the rules require.")})
    text = text.strip()
    if to in TEXT_REQUIRED and not text:
        raise ValidationError({"text": _("Write what the citizen is told.")})
    before = case.status
    case.status, case.reason, case.updated_at = to, reason if allowed else "", now
    if not is_open(to):
        case.closed_at = now
    case.save(update_fields=["status", "reason", "updated_at", "closed_at"])
    move_clocks(case, to, timezone.localtime(now).date())
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind=EventKind.STATUS,
        status=to,
        reason=case.reason,
        text=text,
    )
    log_action(
        actor=actor,
        action="enquiries.case.status",
        obj=case,
        changes={"status": [before, to], "reason": case.reason},
    )
    transaction.on_commit(lambda: tell_citizen(case, text))
    return case


@transaction.atomic
def transfer(
    *, case: Case, to_unit, actor, text: str, now=None, version: str | None = None
) -> Case:
    """Hand the case to the unit responsible, with the reason; the clocks keep running."""
    case = _locked(case)
    check_instance_version(case, version, CASE_VERSION_FIELDS)
    if not text.strip():
        raise ValidationError({"text": _("Say why the case goes to another unit.")})
    if to_unit.pk == case.unit_id:
        raise ValidationError({"unit": _("The case is already with this unit.")})
    if to_unit.pk not in {unit.pk for unit in case_handling_units()}:
        raise ValidationError(
            {"unit": _("Choose a unit that handles cases: type part of its name and pick it.")}
        )
    if not is_open(case.status):
        raise ValidationError({"unit": _("A closed case is not transferred.")})
    now = now or timezone.now()
    from_unit = case.unit
    case.unit, case.updated_at = to_unit, now
    case.save(update_fields=["unit", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind=EventKind.TRANSFER,
        from_unit=from_unit,
        to_unit=to_unit,
        text=text.strip(),
        is_public=False,
    )
    log_action(
        actor=actor,
        action="enquiries.case.transfer",
        obj=case,
        changes={"from": from_unit.pk, "to": to_unit.pk, "why": text.strip()},
    )
    return case


@transaction.atomic
def add_note(*, case: Case, actor, text: str, public: bool, now=None) -> CaseEvent:
    """A reply to the citizen (public) or a note for colleagues (internal)."""
    if not text.strip():
        raise ValidationError({"text": _("Write the text.")})
    event = CaseEvent.objects.create(
        case=case,
        at=now or timezone.now(),
        actor=actor,
        kind=EventKind.REPLY if public else EventKind.NOTE,
        text=text.strip(),
        is_public=public,
    )
    if public:
        transaction.on_commit(lambda: tell_citizen(case, text.strip()))
    return event


@transaction.atomic
def add_information(*, case: Case, text: str, files=(), actor=None, now=None) -> CaseEvent:
    """The citizen adds to their case. Before closing it joins the file; after closing it is
    kept and flagged for the unit, so late information is never lost."""
    case = _locked(case)
    if not text.strip() and not files:
        raise ValidationError({"text": _("Write what you want to add, or attach a file.")})
    prepared = prepare_files(list(files))
    late = not is_open(case.status)
    event = CaseEvent.objects.create(
        case=case,
        at=now or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=EventKind.LATE_ADDITION if late else EventKind.ADDITION,
        text=text.strip(),
    )
    store_files(case.submission, prepared, event=event)
    if late and not case.needs_attention:
        case.needs_attention = True
        case.save(update_fields=["needs_attention"])
    return event


@transaction.atomic
def acknowledge(*, case: Case, actor) -> Case:
    """Staff have read what came after closing."""
    case = _locked(case)
    case.needs_attention = False
    case.save(update_fields=["needs_attention"])
    log_action(actor=actor, action="enquiries.case.acknowledge", obj=case)
    return case


@transaction.atomic
def rate(*, case: Case, rating: int, comment: str = "", actor=None, now=None) -> Case:
    """After closing, the citizen rates the handling once, 1 (poor) to 5 (very good)."""
    case = _locked(case)
    if is_open(case.status):
        raise ValidationError({"rating": _("The handling can be rated once the case is closed.")})
    if case.rating is not None:
        raise ValidationError({"rating": _("This case has been rated already.")})
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("Choose from 1 to 5.")})
    case.rating, case.rating_comment = rating, comment.strip()[:500]
    case.save(update_fields=["rating", "rating_comment"])
    CaseEvent.objects.create(
        case=case, at=now or timezone.now(), kind=EventKind.RATING, text=str(rating)
    )
    log_action(actor=actor, action="enquiries.case.rate", obj=case, changes={"rating": rating})
    return case
