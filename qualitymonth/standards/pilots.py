"""Standardisation pilot and demonstration projects (示范试点): the secretariat records a
project with its milestones, marks them done and records the acceptance, which waits for
every milestone."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.standards.models import PilotLevel, PilotMilestone, PilotProject


@transaction.atomic
def add_pilot(
    *, actor, title: str, unit, level: str, starts_on, ends_on, is_demo: bool = False
) -> PilotProject:
    if not title.strip():
        raise ValidationError(_("Give the project's title."))
    if level not in PilotLevel.values:
        raise ValidationError(_("Choose the level of the project."))
    if ends_on < starts_on:
        raise ValidationError(_("The project ends before it starts."))
    project = PilotProject.objects.create(
        title=title.strip(),
        unit=unit,
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        is_demo=is_demo,
    )
    log_action(actor=actor, action="standard.pilot_add", obj=project)
    return project


def _open(project) -> PilotProject:
    project = PilotProject.objects.select_for_update().get(pk=project.pk)
    if project.accepted_on:
        raise ValidationError(_("The project has been accepted; its record no longer changes."))
    return project


@transaction.atomic
def add_milestone(*, actor, project, title: str, due_on: datetime.date) -> PilotMilestone:
    project = _open(project)
    if not title.strip() or due_on is None:
        raise ValidationError(_("Give the milestone and the date it is due."))
    milestone = PilotMilestone.objects.create(project=project, title=title.strip(), due_on=due_on)
    log_action(actor=actor, action="standard.pilot_milestone", obj=project)
    return milestone


@transaction.atomic
def milestone_done(*, actor, milestone, done_on: datetime.date) -> PilotMilestone:
    _open(milestone.project)
    if done_on is None:
        raise ValidationError(_("Give the date the milestone was reached."))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    log_action(actor=actor, action="standard.pilot_milestone_done", obj=milestone.project)
    return milestone


@transaction.atomic
def accept(*, actor, project, accepted_on: datetime.date, note: str) -> PilotProject:
    project = _open(project)
    waiting = project.milestones.filter(done_on__isnull=True).count()
    if waiting:
        raise ValidationError(
            _("%(count)s milestones are not reached yet.") % {"count": waiting},
            code="milestones_open",
        )
    if accepted_on is None or not note.strip():
        raise ValidationError(_("Give the date of the acceptance and its conclusion."))
    project.accepted_on, project.acceptance_note = accepted_on, note.strip()
    project.save(update_fields=["accepted_on", "acceptance_note"])
    log_action(actor=actor, action="standard.pilot_accept", obj=project)
    return project
