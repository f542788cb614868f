"""The review meeting (审查会): its panel, each expert's conclusion, the meeting's decision.

An expert who works for the proposer or a drafting unit (or a unit under one) cannot sit on
the panel: the conflict is checked against their positions and the affiliation given.
Every write locks the standard first, as the life-cycle services do.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import conflicts
from qualitymonth.core.services import log_action
from qualitymonth.events.models import EventKind
from qualitymonth.events.services import invitees
from qualitymonth.organizations.models import Role, Unit
from qualitymonth.organizations.selectors import units_acted_for, units_below
from qualitymonth.standards import services
from qualitymonth.standards.models import (
    PanelConflict,
    PanelMember,
    ReviewDecision,
    ReviewMeeting,
    State,
)

# The roles of people who work for a unit; a reviewer or inspector engaged by the
# association is an outside expert, not its staff.
WORKS_FOR = (Role.UNIT_ADMIN, Role.REPORTER, Role.SECRETARIAT)
MINIMUM_PANEL = 3
MEETING_HOURS = 3
# Events has no kind for a closed meeting yet; a forum is the nearest.
MEETING_KIND = EventKind.MEETING


def _name(expert) -> str:
    return expert.get_full_name() or expert.username


def _parties(standard, expert) -> list[conflicts.Party]:
    """The proposer and the drafting units, each saying why its staff may not judge."""
    units = [standard.proposer, *standard.drafting_units.all()]
    return [
        conflicts.Party(
            unit.pk,
            _(
                "%(expert)s works for %(units)s, which drafts this standard: "
                "an expert from a drafting unit cannot sit on the panel."
            )
            % {"expert": _name(expert), "units": unit.name},
        )
        for unit in units
    ]


def conflict_reason(meeting, expert, affiliation: str = "") -> str | None:
    """Why the expert may not sit on the meeting's panel (core's rule, as for the award
    reviews): they work for the proposer or a drafting unit (or a unit under one) or name it
    as their affiliation, declared a conflict with one, or stepped back from this panel."""
    standard = meeting.standard
    parties = _parties(standard, expert)
    theirs = set(units_acted_for(expert, WORKS_FOR, below=True))
    named = affiliation.strip()
    if named:
        theirs |= {
            unit.pk
            for unit in (standard.proposer, *standard.drafting_units.all())
            if unit.name == named
        }
    declared = meeting.conflicts.filter(expert=expert)
    return conflicts.conflict_reason(
        expert_units=theirs,
        parties=parties,
        declared=lambda: conflicts.covering_declaration(declared, parties, units_below),
        recusal=lambda: (
            meeting.panel.filter(expert=expert)
            .exclude(recusal_reason="")
            .values_list("recusal_reason", flat=True)
            .first()
        ),
    )


def _open_meeting(standard) -> ReviewMeeting | None:
    return standard.review_meetings.filter(decision="").order_by("-id").first()


def _event_times(held_on: datetime.date, starts_at: datetime.time):
    starts = timezone.make_aware(datetime.datetime.combine(held_on, starts_at))
    return starts, starts + datetime.timedelta(hours=MEETING_HOURS)


@transaction.atomic
def schedule_meeting(
    *,
    actor,
    standard,
    held_on: datetime.date,
    place: str = "",
    starts_at: datetime.time | None = None,
):
    """A meeting for a standard whose handling table is final; a date changed while it is
    not decided yet. The meeting is an invitation-only event: the panel's tickets, their
    calendars and the check-in at the door are the events module's."""
    standard = services._locked(standard)
    if standard.state != State.REVIEW:
        raise ValidationError(
            _("A review meeting is held once the handling table of the comments is final."),
            code="wrong_state",
        )
    if held_on is None:
        raise ValidationError(_("Give the date of the meeting."))
    starts_at = starts_at or datetime.time(9, 0)
    meeting = _open_meeting(standard)
    if meeting is None:
        meeting = ReviewMeeting.objects.create(
            standard=standard, held_on=held_on, place=place.strip(), starts_at=starts_at
        )
    else:
        meeting.held_on, meeting.place, meeting.starts_at = held_on, place.strip(), starts_at
        meeting.save(update_fields=["held_on", "place", "starts_at"])
    starts, ends = _event_times(held_on, starts_at)
    event = invitees.schedule_closed_event(
        actor=actor,
        kind=MEETING_KIND,
        title=_("Review meeting: %(title)s") % {"title": standard.title},
        starts_at=starts,
        ends_at=ends,
        place=meeting.place,
        event=meeting.event,
        host_url=reverse("standards:review", args=[standard.pk]),
    )
    if meeting.event_id != event.pk:
        meeting.event = event
        meeting.save(update_fields=["event"])
    log_action(
        actor=actor,
        action="standard.review_meeting",
        obj=standard,
        changes={"held_on": [None, str(held_on)], "event": [None, event.pk]},
    )
    return meeting


def _undecided(meeting) -> ReviewMeeting:
    services._locked(meeting.standard)
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.decision:
        raise ValidationError(_("The meeting has decided; its record no longer changes."))
    return meeting


@transaction.atomic
def add_expert(*, actor, meeting, expert, affiliation: str = "", is_chair: bool = False):
    """An expert joins the panel and is invited to the meeting's event (a confirmed ticket)."""
    meeting = _undecided(meeting)
    reason = conflict_reason(meeting, expert, affiliation)
    if reason is not None:
        raise ValidationError(reason, code="conflict")
    if meeting.panel.filter(expert=expert).exists():
        raise ValidationError(_("This expert is on the panel already."), code="twice")
    if is_chair:
        meeting.panel.update(is_chair=False)
    member = PanelMember.objects.create(
        meeting=meeting, expert=expert, affiliation=affiliation.strip(), is_chair=is_chair
    )
    if meeting.event_id is not None:
        member.registration = invitees.register_invitee(
            actor=actor,
            event=meeting.event,
            user=expert,
            name=_name(expert),
            phone=expert.phone,
            email=expert.email,
        )
        member.save(update_fields=["registration"])
    log_action(actor=actor, action="standard.panel_add", obj=meeting.standard)
    return member


@transaction.atomic
def declare_conflict(*, actor, meeting, expert, unit: Unit | None, reason: str) -> PanelConflict:
    """An expert's declared conflict of interest with a unit. When it concerns a party and
    the expert sits on the panel, they step back: their conclusion stops counting and their
    ticket is cancelled."""
    meeting = _undecided(meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if unit is None:
        raise ValidationError({"unit": _("Name the unit the conflict is with.")})
    conflict = PanelConflict.objects.create(
        meeting=meeting, expert=expert, unit=unit, reason=reason.strip()[:300]
    )
    log_action(
        actor=actor,
        action="standard.panel_conflict",
        obj=meeting.standard,
        changes={"expert": expert.username, "unit": unit.pk},
    )
    parties = _parties(meeting.standard, expert)
    member = meeting.panel.filter(expert=expert, recusal_reason="").first()
    conflict.recused = False
    if member is not None and conflicts.covering_declaration([conflict], parties, units_below):
        member.recusal_reason = conflict.reason
        member.is_chair = False
        member.save(update_fields=["recusal_reason", "is_chair"])
        if meeting.event_id is not None:
            invitees.withdraw_invitee(actor=actor, event=meeting.event, user=expert)
        log_action(
            actor=actor,
            action="standard.panel_recuse",
            obj=meeting.standard,
            changes={"expert": expert.username},
        )
        conflict.recused = True
    return conflict


@transaction.atomic
def record_conclusion(*, actor, member, conclusion: str, comments: str = "") -> PanelMember:
    _undecided(member.meeting)
    if member.recusal_reason:
        raise ValidationError(_("This expert stepped back from the panel."), code="recused")
    if conclusion not in ReviewDecision.values:
        raise ValidationError(_("Choose the expert's conclusion."))
    if conclusion != ReviewDecision.PASS and not comments.strip():
        raise ValidationError(_("Write the expert's comments when the draft does not simply pass."))
    member.conclusion, member.comments = conclusion, comments.strip()
    member.save(update_fields=["conclusion", "comments"])
    log_action(
        actor=actor,
        action="standard.panel_conclusion",
        obj=member.meeting.standard,
        changes={"conclusion": [None, conclusion]},
    )
    return member


@transaction.atomic
def decide(*, actor, meeting, decision: str, minutes: str) -> ReviewMeeting:
    """The meeting's decision, once the panel is complete and every expert has concluded;
    the standard takes it as its review decision."""
    meeting = _undecided(meeting)
    panel = list(meeting.panel.filter(recusal_reason=""))
    if len(panel) < MINIMUM_PANEL:
        raise ValidationError(
            _("A review panel has at least %(count)s experts.") % {"count": MINIMUM_PANEL},
            code="small_panel",
        )
    waiting = [m for m in panel if not m.conclusion]
    if waiting:
        raise ValidationError(
            _("%(count)s experts have no conclusion recorded yet.") % {"count": len(waiting)},
            code="no_conclusion",
        )
    if decision not in ReviewDecision.values:
        raise ValidationError(_("Choose the review meeting's decision."))
    if not minutes.strip():
        raise ValidationError(_("Write the minutes of the meeting."))
    services.record_review(actor=actor, standard=meeting.standard, decision=decision)
    meeting.decision, meeting.minutes, meeting.decided_at = (
        decision,
        minutes.strip(),
        timezone.now(),
    )
    meeting.save(update_fields=["decision", "minutes", "decided_at"])
    return meeting
