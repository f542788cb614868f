"""The secretariat's page of a standard's review meeting: date and place, the panel (experts
checked for conflicts with the drafting units), each expert's conclusion, the decision."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.permissions import permission_required
from qualitymonth.standards import review as reviews
from qualitymonth.standards import selectors
from qualitymonth.standards.models import ReviewDecision
from qualitymonth.standards.views._common import date as _date
from qualitymonth.standards.views._common import errors as _errors


def _time(text: str) -> datetime.time | None:
    """The start time typed (HH:MM); blank or unreadable: the usual 09:00."""
    try:
        return datetime.time.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        message = _("Give the start time as hours and minutes, such as 09:00.")
        raise ValidationError(message) from None


def _standard(request, pk):
    return selectors.standard_for(request.user, pk, "standards.manage")


def _current(standard):
    meetings = selectors.meetings_of(standard)
    return meetings[0] if meetings else None


@permission_required("standards.manage")
def meeting(request, pk):
    standard = _standard(request, pk)
    if request.method == "POST":
        try:
            reviews.schedule_meeting(
                actor=request.user,
                standard=standard,
                held_on=_date(request.POST.get("held_on", "")),
                place=request.POST.get("place", ""),
                starts_at=_time(request.POST.get("starts_at", "")),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The review meeting is scheduled."))
        return redirect("standards:review", standard.pk)
    meetings = selectors.meetings_of(standard)
    return render(
        request,
        "standards/review.html",
        {
            "standard": standard,
            "meeting": meetings[0] if meetings else None,
            "earlier": meetings[1:],
            "decisions": ReviewDecision.choices,
            "parties": selectors.meeting_parties(standard),
        },
    )


def _act(request, pk, do, success):
    """Run one write on the current meeting; refusals come back as messages on its page."""
    standard = _standard(request, pk)
    current = _current(standard)
    try:
        if current is None:
            raise ValidationError(_("Schedule the review meeting first."))
        do(current)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, success)
    return redirect("standards:review", standard.pk)


@permission_required("standards.manage")
@require_POST
def add_expert(request, pk):
    def do(current):
        expert = selectors.person_named(request.POST.get("username", ""))
        if expert is None:
            raise ValidationError(_("No one on the platform has this user name."))
        reviews.add_expert(
            actor=request.user,
            meeting=current,
            expert=expert,
            affiliation=request.POST.get("affiliation", ""),
            is_chair=request.POST.get("is_chair") == "on",
        )

    return _act(request, pk, do, _("The expert is on the panel."))


@permission_required("standards.manage")
@require_POST
def conclusion(request, pk, member):
    def do(current):
        found = current.panel.filter(pk=member).first()
        if found is None:
            raise ValidationError(_("This expert is not on the panel."))
        reviews.record_conclusion(
            actor=request.user,
            member=found,
            conclusion=request.POST.get("conclusion", ""),
            comments=request.POST.get("comments", ""),
        )

    return _act(request, pk, do, _("The expert's conclusion is recorded."))


@permission_required("standards.manage")
@require_POST
def decide(request, pk):
    def do(current):
        reviews.decide(
            actor=request.user,
            meeting=current,
            decision=request.POST.get("decision", ""),
            minutes=request.POST.get("minutes", ""),
        )

    return _act(request, pk, do, _("The meeting's decision is recorded."))


@permission_required("standards.manage")
@require_POST
def declare_conflict(request, pk):
    """An expert's declared conflict of interest, recorded by the secretariat; an expert on
    the panel with a conflict with a party steps back."""
    standard = _standard(request, pk)

    def do(current):
        expert = selectors.person_named(request.POST.get("username", ""))
        if expert is None:
            raise ValidationError(_("No one on the platform has this user name."))
        parties = {str(unit.pk): unit for unit in selectors.meeting_parties(standard)}
        conflict = reviews.declare_conflict(
            actor=request.user,
            meeting=current,
            expert=expert,
            unit=parties.get(request.POST.get("unit", "")),
            reason=request.POST.get("reason", ""),
        )
        if conflict.recused:
            messages.warning(
                request, _("The expert has stepped back from the panel; their ticket is cancelled.")
            )

    return _act(request, pk, do, _("The conflict of interest is recorded."))
