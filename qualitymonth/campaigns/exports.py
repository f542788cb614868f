"""Tables of actions and activities, written as XLSX (XlsxWriter) or CSV."""

from django.utils.translation import gettext as _

from qualitymonth.campaigns.services.imports import COLUMNS
from qualitymonth.core.spreadsheets import XLSX, to_csv, to_xlsx  # noqa: F401 - used by views


def action_table(actions) -> tuple[list[str], list[list]]:
    header = [
        _("Number"),
        _("Title"),
        _("Category"),
        _("Lead unit"),
        _("Co-responsible units"),
        _("Due date"),
        _("Status"),
        _("Progress %"),
        _("Expected outputs"),
    ]
    rows = [
        [
            action.number,
            action.display_title,
            action.category.display_name,
            action.lead_unit.display_name,
            "、".join(unit.display_name for unit in action.co_units.all()),
            action.due_on,
            action.get_status_display(),
            action.progress,
            action.expected_outputs,
        ]
        for action in actions
    ]
    return header, rows


def activity_table(activities) -> tuple[list[str], list[list]]:
    """Same columns as the import template, so an export can be edited and imported again."""
    header = [str(heading) for _, heading in COLUMNS] + [
        _("Reporting unit"),
        _("District"),
        _("Review"),
    ]
    rows = []
    for activity in activities:
        rows.append(
            [
                activity.title,
                activity.starts_on,
                activity.ends_on,
                activity.place,
                activity.organisers,
                activity.category.display_name if activity.category else "",
                activity.get_kind_display(),
                activity.action.number if activity.action else "",
                activity.participants,
                activity.online_viewers,
                activity.teams,
                activity.enterprises,
                activity.sub_activities,
                activity.description,
                activity.unit.display_name,
                activity.district.display_name if activity.district else "",
                activity.get_state_display(),
            ]
        )
    return header, rows
