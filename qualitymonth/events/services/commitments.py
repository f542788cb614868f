"""The quality commitment wall: anyone signs, the secretariat moderates, every change is logged."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import PLEDGE_MAX, Commitment, CommitmentState, Event

LINK = re.compile(r"https?://|www\.|\.(com|cn|net|org)\b", re.IGNORECASE)
SAME_PLEDGE_WINDOW = datetime.timedelta(days=1)


def commitment_errors(name: str, unit_name: str, pledge: str) -> dict[str, str]:
    errors = {}
    if not name:
        errors["name"] = _("Sign with your name.")
    elif len(name) > 50:
        errors["name"] = _("Keep the name under %(limit)s characters.") % {"limit": 50}
    if len(unit_name) > 100:
        errors["unit_name"] = _("Keep the unit under %(limit)s characters.") % {"limit": 100}
    if not pledge:
        errors["pledge"] = _("Write your pledge.")
    elif len(pledge) > PLEDGE_MAX:
        errors["pledge"] = _("Keep the pledge to %(limit)s characters; this one has %(count)s.") % {
            "limit": PLEDGE_MAX,
            "count": len(pledge),
        }
    elif LINK.search(pledge) or LINK.search(unit_name):
        errors["pledge"] = _("Links are not allowed on the commitment wall.")
    return errors


@transaction.atomic
def sign_commitment(
    *, actor, name: str, pledge: str, unit_name: str = "", event: Event | None = None, client=""
) -> Commitment:
    """A new signature waits for moderation before it appears on the wall."""
    if event is not None and event.is_over:
        raise ValidationError(_("This event is over: its signing has closed."), code="over")
    name, unit_name, pledge = name.strip(), unit_name.strip(), pledge.strip()
    errors = commitment_errors(name, unit_name, pledge)
    if errors:
        raise ValidationError(errors)
    since = timezone.now() - SAME_PLEDGE_WINDOW
    if Commitment.objects.filter(client=client, pledge=pledge, created_at__gte=since).exists():
        raise ValidationError({"pledge": _("You have already signed this pledge.")})
    commitment = Commitment.objects.create(
        event=event,
        name=name,
        unit_name=unit_name,
        pledge=pledge,
        user=actor if actor is not None and actor.is_authenticated else None,
        client=client,
    )
    log_action(actor=actor, action="commitment.sign", obj=commitment)
    return commitment


@transaction.atomic
def moderate_commitment(*, actor, commitment: Commitment, state: str) -> Commitment:
    """Show or hide a signature; nothing is deleted, and the audit log keeps every decision."""
    if state not in (CommitmentState.SHOWN, CommitmentState.HIDDEN):
        raise ValidationError({"state": _("Choose to show or to hide the signature.")})
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = commitment.state
    commitment.state = state
    commitment.moderated_by = actor
    commitment.moderated_at = timezone.now()
    commitment.save(update_fields=["state", "moderated_by", "moderated_at"])
    log_action(
        actor=actor,
        action="commitment.moderate",
        obj=commitment,
        changes={"state": [before, state]},
    )
    return commitment
