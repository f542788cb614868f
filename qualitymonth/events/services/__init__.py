"""Writes of events, one module per concept; import from here."""

from qualitymonth.events.services.checkin import check_in, code_from_scan, visit_checkpoint
from qualitymonth.events.services.commitments import (
    moderate_commitment,
    sign_commitment,
)
from qualitymonth.events.services.editing import (
    record_event_edit,
    update_event,
    update_venue,
)
from qualitymonth.events.services.figures import report_to_campaign, set_online_viewers
from qualitymonth.events.services.registration import (
    approve_registration,
    cancel_registration,
    clean_answers,
    create_invitation,
    decline_registration,
    free_seats,
    register,
    register_group,
)
from qualitymonth.events.services.registration_direct import register_at_once
from qualitymonth.events.services.tickets import qr_url, send_ticket, ticket_url

__all__ = [
    "approve_registration",
    "cancel_registration",
    "check_in",
    "clean_answers",
    "code_from_scan",
    "create_invitation",
    "decline_registration",
    "free_seats",
    "moderate_commitment",
    "qr_url",
    "record_event_edit",
    "register",
    "register_at_once",
    "register_group",
    "report_to_campaign",
    "send_ticket",
    "set_online_viewers",
    "sign_commitment",
    "ticket_url",
    "update_event",
    "update_venue",
    "visit_checkpoint",
]
