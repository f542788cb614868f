"""E-mail reminders to responsible units before and after an action's due date, once each."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import Action, ActionStatus, Reminder, ReminderKind
from qualitymonth.campaigns.rules import REPORTING_ROLES
from qualitymonth.core.tasks import queue_email
from qualitymonth.organizations.models import User

OPEN = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED]


def recipients_for(action: Action) -> list[str]:
    units = [action.lead_unit_id, *action.co_units.values_list("pk", flat=True)]
    people = User.objects.filter(
        is_active=True, positions__unit_id__in=units, positions__role__in=REPORTING_ROLES
    ).exclude(email="")
    return sorted(set(people.values_list("email", flat=True)))


def _message(action: Action, kind: str) -> tuple[str, str]:
    values = {
        "number": action.number,
        "title": action.title,
        "due": action.due_on.isoformat(),
        "year": action.campaign.year,
    }
    if kind == ReminderKind.BEFORE:
        subject = _("Action %(number)s is due on %(due)s") % values
        body = _(
            "Action %(number)s of the %(year)s Quality Month plan, “%(title)s”, is due on "
            "%(due)s. Please file a progress report on the platform."
        )
    else:
        subject = _("Action %(number)s is past its due date (%(due)s)") % values
        body = _(
            "Action %(number)s of the %(year)s Quality Month plan, “%(title)s”, was due on "
            "%(due)s and is not marked done. Please file a progress report on the platform."
        )
    return subject, body % values


def actions_to_remind(today: datetime.date) -> list[tuple[Action, str]]:
    before = today + datetime.timedelta(days=settings.CAMPAIGN_REMIND_DAYS_BEFORE)
    after = today - datetime.timedelta(days=settings.CAMPAIGN_REMIND_DAYS_AFTER)
    actions = (
        Action.objects.filter(status__in=OPEN, due_on__isnull=False, children__isnull=True)
        .filter(campaign__is_published=True)
        .filter(Q(due_on__range=(today, before)) | Q(due_on__range=(after, today)))
        .select_related("campaign")
        .order_by("due_on", "pk")
    )
    return [
        (action, ReminderKind.BEFORE if action.due_on >= today else ReminderKind.AFTER)
        for action in actions
    ]


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the reminders due today; a reminder already sent for a due date is not sent again."""
    today = today or timezone.localdate()
    sent = 0
    for action, kind in actions_to_remind(today):
        recipients = recipients_for(action)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    action=action, due_on=action.due_on, kind=kind, recipients=recipients
                )
                with translation.override(settings.LANGUAGE_CODE):
                    subject, body = _message(action, kind)
                queue_email(to=recipients, subject=subject, body=body)
        except IntegrityError:
            continue  # sent before, by this run's predecessor or a parallel one
        sent += 1
    return sent
