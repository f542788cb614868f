"""Visits, round tables and needs surveys: the record, the needs raised (tagged) and the
follow-ups with their owners. A follow-up owner must be able to open the visit, or they could
not see what they are to do; a refused visit saves nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.members.models import FollowUp, Need, NeedTag, Visit, VisitKind
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.selectors_pages import may_see_visit_of
from qualitymonth.organizations.models import User


def parse_needs(text: str) -> list[tuple[str, list[str]]]:
    """One need a line; words after # are its tags."""
    needs = []
    for line in (text or "").splitlines():
        words = line.split()
        tags = [w[1:] for w in words if w.startswith("#") and len(w) > 1]
        need = " ".join(w for w in words if not w.startswith("#")).strip()
        if need:
            needs.append((need[:500], tags))
    return needs


def parse_follow_ups(text: str) -> list[tuple[str, User, datetime.date]]:
    """One a line: action | owner's user name | due date. Problems name their line."""
    found, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            problems.append(
                _("Line %(line)s: write action | owner's user name | due date.") % {"line": number}
            )
            continue
        action, username, due = parts
        owner = User.objects.filter(username=username, is_active=True).first()
        if owner is None:
            problems.append(
                _("Line %(line)s: no one has the user name %(name)s.")
                % {"line": number, "name": username}
            )
            continue
        try:
            due_on = datetime.date.fromisoformat(due)
        except ValueError:
            problems.append(
                _("Line %(line)s: write the due date as YYYY-MM-DD.") % {"line": number}
            )
            continue
        found.append((action[:500], owner, due_on))
    if problems:
        raise ValidationError({"follow_ups": problems})
    return found


def _check_owners(follow_ups, unit_ids) -> None:
    problems = [
        _(
            "%(person)s cannot open this visit (neither the secretariat nor staff of a unit "
            "met), so cannot own “%(action)s”."
        )
        % {"person": owner, "action": action}
        for action, owner, _due in follow_ups
        if not may_see_visit_of(owner, unit_ids)
    ]
    if problems:
        raise ValidationError({"follow_ups": problems}, code="owner_without_access")


@transaction.atomic
def create_visit(
    *,
    actor,
    kind,
    day,
    title,
    units,
    visitors=(),
    sites="",
    findings="",
    needs=(),
    follow_ups=(),
    event=None,
) -> Visit:
    unit_ids = {unit.pk for unit in units}
    if not unit_ids:
        raise ValidationError({"units": _("Name at least one unit met.")})
    if event is not None and kind != VisitKind.ROUND_TABLE:
        raise ValidationError({"event": _("Only a round table is held as an event.")})
    _check_owners(follow_ups, unit_ids)
    visit = Visit.objects.create(
        kind=kind,
        day=day,
        title=title.strip(),
        sites=sites.strip(),
        findings=findings.strip(),
        event=event,
        created_by=actor,
    )
    visit.units.set(units)
    visit.visitors.set(visitors)
    for text, tags in needs:
        need = Need.objects.create(
            visit=visit, text=text, unit=units[0] if len(units) == 1 else None
        )
        need.tags.set([NeedTag.objects.get_or_create(name=tag[:60])[0] for tag in tags])
    for text, owner, due_on in follow_ups:
        FollowUp.objects.create(visit=visit, text=text, owner=owner, due_on=due_on)
    log_action(
        actor=actor,
        action="member_visit.create",
        obj=visit,
        changes={"units": sorted(unit_ids), "follow_ups": len(follow_ups)},
    )
    return visit


@transaction.atomic
def complete_follow_up(*, actor, follow_up: FollowUp, on: datetime.date | None = None) -> FollowUp:
    if follow_up.owner_id != actor.pk and not actor.has_perm("members.manage"):
        raise ValidationError(_("Only the owner or the secretariat marks a follow-up done."))
    if follow_up.done_on is None:
        follow_up.done_on = on or shanghai_today()
        follow_up.save(update_fields=["done_on"])
        log_action(actor=actor, action="member_follow_up.done", obj=follow_up)
    return follow_up
