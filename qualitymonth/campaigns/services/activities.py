"""Activity reports: units say what they held; accepted ones make up the yearly digest."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import ActivityReport, Campaign, ReporterGroup, ReportState
from qualitymonth.campaigns.services.progress import attach_files, record_review
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.versions import check_instance_version
from qualitymonth.organizations.models import UnitKind

FIGURES = ["participants", "online_viewers", "teams", "enterprises", "sub_activities"]
# The largest value every database stores in a positive integer column.
MAX_FIGURE = 2_147_483_647
TEXT_LIMITS = {"title": 300, "place": 300, "organisers": 500, "description": 5000}


def district_of(unit):
    """The district a unit belongs to: itself, the district above it, or where it is located."""
    for node in [unit, *unit.ancestors()]:
        if node.kind == UnitKind.DISTRICT:
            return node
    return unit.district


def group_of(unit) -> str:
    """Districts (and their bureaus and towns), city bodies, or enterprises and others."""
    if any(node.kind == UnitKind.DISTRICT for node in [unit, *unit.ancestors()]):
        return ReporterGroup.DISTRICT
    if unit.kind in (UnitKind.GOVERNMENT, UnitKind.ASSOCIATION):
        return ReporterGroup.COMMISSION
    return ReporterGroup.ENTERPRISE


def activity_errors(campaign: Campaign, values: dict) -> dict[str, str]:
    """Problems with one activity's values, by field; shared by the form, the API and imports."""
    errors = {}
    if "title" in values and not (values["title"] or "").strip():
        errors["title"] = _("This field is required.")
    for field, limit in TEXT_LIMITS.items():
        if len(values.get(field) or "") > limit:
            errors[field] = _("Longer than %(limit)s characters.") % {"limit": limit}
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    period = {
        "start": date_format(campaign.starts_on, "DATE_FORMAT"),
        "end": date_format(campaign.ends_on, "DATE_FORMAT"),
    }
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day and not campaign.starts_on <= day <= campaign.ends_on:
            errors[field] = (
                _("The date must fall within the campaign, %(start)s – %(end)s.") % period
            )
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in errors:
        errors["ends_on"] = _("The end date is before the start date.")
    for field in FIGURES:
        value = values.get(field) or 0
        if value < 0:
            errors[field] = _("A figure cannot be negative.")
        elif value > MAX_FIGURE:
            errors[field] = _("This figure is too large.")
    category, action = values.get("category"), values.get("action")
    if category is not None and category.campaign_id != campaign.pk:
        errors["category"] = _("The category belongs to another campaign.")
    if action is not None and action.campaign_id != campaign.pk:
        errors["action"] = _("The plan action belongs to another campaign.")
    return errors


@transaction.atomic
def file_activity(
    *, actor, campaign: Campaign, unit, photos=(), state=ReportState.SUBMITTED, **fields
) -> ActivityReport:
    errors = activity_errors(campaign, fields)
    if errors:
        raise ValidationError(errors)
    for field in FIGURES:
        fields[field] = fields.get(field) or 0
    fields["district"] = fields.get("district") or district_of(unit)
    activity = ActivityReport.objects.create(
        campaign=campaign, unit=unit, group=group_of(unit), author=actor, state=state, **fields
    )
    attach_files(owner=activity, photos=photos)
    log_action(actor=actor, action="activity.file", obj=activity)
    return activity


@transaction.atomic
def update_activity(
    *, actor, activity: ActivityReport, photos=(), version: str | None = None, **fields
) -> ActivityReport:
    """Correct a report before it is accepted; a returned report goes back for review.
    `version`: the one the edit form was opened with; a stale one is refused."""
    activity = ActivityReport.objects.select_for_update().get(pk=activity.pk)
    check_instance_version(activity, version, fields)
    if activity.state == ReportState.ACCEPTED:
        raise ValidationError(_("An accepted report can no longer be changed."), code="accepted")
    errors = activity_errors(activity.campaign, fields)
    if errors:
        raise ValidationError(errors)
    fields["district"] = fields.get("district") or district_of(activity.unit)
    before = {field: getattr(activity, field) for field in fields}
    for field, value in fields.items():
        setattr(activity, field, value)
    activity.state = ReportState.SUBMITTED
    activity.save()
    attach_files(owner=activity, photos=photos)
    log_action(
        actor=actor, action="activity.update", obj=activity, changes=diff_fields(before, fields)
    )
    return activity


@transaction.atomic
def accept_activity(*, actor, activity: ActivityReport, comment: str = "") -> ActivityReport:
    activity = record_review(
        ActivityReport, activity.pk, actor=actor, state=ReportState.ACCEPTED, comment=comment
    )
    log_action(actor=actor, action="activity.accept", obj=activity)
    return activity


@transaction.atomic
def return_activity(*, actor, activity: ActivityReport, comment: str) -> ActivityReport:
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the report is returned.")})
    activity = record_review(
        ActivityReport, activity.pk, actor=actor, state=ReportState.RETURNED, comment=comment
    )
    log_action(actor=actor, action="activity.return", obj=activity, changes={"comment": comment})
    return activity
