"""Writes of campaigns, one module per concept; import from here."""

from qualitymonth.campaigns.services.activities import (
    accept_activity,
    activity_errors,
    district_of,
    file_activity,
    group_of,
    return_activity,
    update_activity,
)
from qualitymonth.campaigns.services.imports import check_activity_file, import_activities
from qualitymonth.campaigns.services.plan import (
    STANDARD_CATEGORIES,
    copy_campaign,
    create_action,
    create_campaign,
    recompute_rollup,
    rolled_up_progress,
    save_category,
    update_action,
    update_campaign,
)
from qualitymonth.campaigns.services.progress import (
    accept_progress_report,
    file_progress_report,
    return_progress_report,
)
from qualitymonth.campaigns.services.reminders import send_due_reminders

__all__ = [
    "STANDARD_CATEGORIES",
    "accept_activity",
    "accept_progress_report",
    "activity_errors",
    "check_activity_file",
    "copy_campaign",
    "create_action",
    "create_campaign",
    "district_of",
    "file_activity",
    "file_progress_report",
    "group_of",
    "import_activities",
    "recompute_rollup",
    "return_activity",
    "return_progress_report",
    "rolled_up_progress",
    "save_category",
    "send_due_reminders",
    "update_action",
    "update_activity",
    "update_campaign",
]
