"""Writes of publishing: posts (editing, workflow, pre-filled drafts) and pages."""

from qualitymonth.publishing.services.drafts import draft_from
from qualitymonth.publishing.services.editing import post_version, save_post
from qualitymonth.publishing.services.pages import page_version, save_page
from qualitymonth.publishing.services.workflow import (
    approve_member_activity,
    publish,
    publish_due_posts,
    return_with_comment,
    schedule,
    submit_for_review,
    withdraw,
)

__all__ = [
    "approve_member_activity",
    "draft_from",
    "page_version",
    "post_version",
    "publish",
    "publish_due_posts",
    "return_with_comment",
    "save_page",
    "save_post",
    "schedule",
    "submit_for_review",
    "withdraw",
]
