"""An event's figures: online viewers entered by staff or sent through the API, and the
report that carries the figures into the campaign's activity statistics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import ActivityKind, ReportState
from qualitymonth.campaigns.services.activities import MAX_FIGURE, file_activity, update_activity
from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_instance_version
from qualitymonth.events.models import RUNNING_ROLES, Event, EventKind, UnitRole


@transaction.atomic
def set_online_viewers(*, actor, event: Event, viewers, version: str | None = None) -> Event:
    """`version`: the one the manage page was opened with; a stale one is refused."""
    try:
        viewers = int(viewers)
    except (TypeError, ValueError):
        raise ValidationError({"online_viewers": _("Enter a whole number.")}) from None
    if not 0 <= viewers <= MAX_FIGURE:
        raise ValidationError(
            {"online_viewers": _("Enter a number from 0 to %(max)s.") % {"max": MAX_FIGURE}}
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    check_instance_version(event, version, ["online_viewers"])
    before = event.online_viewers
    event.online_viewers = viewers
    event.save(update_fields=["online_viewers"])
    log_action(
        actor=actor,
        action="event.online_viewers",
        obj=event,
        changes={"online_viewers": [before, viewers]},
    )
    return event


def _activity_kind(event: Event) -> str:
    if event.kind == EventKind.ORIENTEERING:
        return ActivityKind.CONTEST
    if event.kind in ActivityKind.values:
        return event.kind
    return ActivityKind.OTHER


def _report_fields(event: Event) -> dict:
    from qualitymonth.events.selectors import figures_of

    figures = figures_of(event)
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    names = [role.unit.display_name for role in event.unit_roles.select_related("unit")]
    return {
        "title": event.title[:300],
        "starts_on": starts.date(),
        "ends_on": ends.date(),
        "place": "；".join(venue.name for venue in event.venues.all())[:300],
        "organisers": "、".join(names)[:500],
        "category": event.action.category if event.action else None,
        "kind": _activity_kind(event),
        "action": event.action,
        "participants": figures["checked_in"],
        "online_viewers": event.online_viewers,
        "teams": figures["checked_in"] if event.kind == EventKind.ORIENTEERING else 0,
        "enterprises": figures["units"],
        "description": event.description,
    }


@transaction.atomic
def report_to_campaign(*, actor, event: Event):
    """File (or refresh) the event's activity report; it counts once the secretariat accepts it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.campaign is None:
        raise ValidationError(_("This event belongs to no campaign."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Figures can be reported once the event has begun."))
    organiser = (
        event.unit_roles.filter(role=UnitRole.ORGANISER).first()
        or event.unit_roles.filter(role__in=RUNNING_ROLES).first()
    )
    if organiser is None:
        raise ValidationError(_("Name an organising unit first: the report is filed in its name."))
    fields = _report_fields(event)
    report = event.activity_report
    if report is not None and report.state == ReportState.ACCEPTED:
        raise ValidationError(
            _("The campaign report of this event was accepted; ask the secretariat to return it.")
        )
    if report is None:
        report = file_activity(actor=actor, campaign=event.campaign, unit=organiser.unit, **fields)
        event.activity_report = report
        event.save(update_fields=["activity_report"])
    else:
        report = update_activity(actor=actor, activity=report, **fields)
    log_action(actor=actor, action="event.report_to_campaign", obj=event)
    return report
