"""Writes of recognition programs; each changes state in a transaction and leaves an audit entry."""

from qualitymonth.awards.services.applications import (
    add_attachment,
    recommend_application,
    remove_attachment,
    start_application,
    submit_application,
    update_application,
)
from qualitymonth.awards.services.assignment import (
    assign_reviewer,
    auto_assign,
    conflict_reason,
    declare_conflict,
    recuse,
)
from qualitymonth.awards.services.notices import (
    file_objection,
    publish_final_list,
    publish_proposed_list,
    resolve_objection,
    withdraw_certificate,
    withdraw_entry,
)
from qualitymonth.awards.services.reviews import reopen_review, save_review, submit_review
from qualitymonth.awards.services.rounds import (
    carry_application,
    close_applications,
    conclude_round,
    copy_rubric,
    create_round,
    open_call,
    propose_grades,
    start_review,
)

__all__ = [
    "add_attachment",
    "assign_reviewer",
    "auto_assign",
    "carry_application",
    "close_applications",
    "conclude_round",
    "conflict_reason",
    "copy_rubric",
    "create_round",
    "declare_conflict",
    "file_objection",
    "open_call",
    "propose_grades",
    "publish_final_list",
    "publish_proposed_list",
    "recommend_application",
    "recuse",
    "remove_attachment",
    "reopen_review",
    "resolve_objection",
    "save_review",
    "start_application",
    "start_review",
    "submit_application",
    "submit_review",
    "update_application",
    "withdraw_certificate",
    "withdraw_entry",
]
