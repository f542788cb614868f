"""Renewal reminders: once a month before a term ends, and once in grace, to the unit's
administrators (and its own e-mail). A term already followed by the next gets none."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.tasks import queue_email
from qualitymonth.members.models import Term, TermChange
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.terms import _record, status_rules
from qualitymonth.organizations.models import Position, Role

BEFORE_DAYS = 30


def _recipients(term: Term) -> list[str]:
    unit = term.membership.unit
    emails = set(
        Position.objects.filter(unit=unit, role=Role.UNIT_ADMIN, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if unit.email:
        emails.add(unit.email)
    return sorted(emails)


def terms_to_remind(today: datetime.date) -> list[tuple[Term, str]]:
    rules = status_rules()
    followed = Term.objects.filter(
        membership_id=OuterRef("membership_id"), starts_on__gt=OuterRef("ends_on")
    )
    terms = (
        Term.objects.filter(cancelled_on__isnull=True)
        .annotate(followed=Exists(followed))
        .filter(followed=False)
        .select_related("membership__unit", "type")
    )
    due = []
    before = terms.filter(
        ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=BEFORE_DAYS)
    )
    grace = terms.filter(
        ends_on__lt=today, ends_on__gte=today - datetime.timedelta(days=rules.grace_days)
    )
    for kind, found in (("reminder_before", before), ("reminder_grace", grace)):
        sent = set(
            TermChange.objects.filter(what=kind, term__in=found).values_list("term_id", flat=True)
        )
        due += [(term, kind) for term in found if term.pk not in sent]
    return due


def send_renewal_reminders(*, today: datetime.date | None = None) -> int:
    today = today or shanghai_today()
    sent = 0
    for term, kind in terms_to_remind(today):
        recipients = _recipients(term)
        if not recipients:
            continue
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            values = {"unit": term.membership.unit.name, "end": term.ends_on.isoformat()}
            if kind == "reminder_before":
                subject = _("Your membership ends on %(end)s") % values
                body = (
                    _(
                        "The membership of %(unit)s ends on %(end)s. Please renew it with "
                        "the secretariat."
                    )
                    % values
                )
            else:
                subject = _("Your membership ended on %(end)s: renew in the grace period") % values
                body = (
                    _(
                        "The membership of %(unit)s ended on %(end)s. It keeps its place "
                        "during the grace period; renew before it expires."
                    )
                    % values
                )
            _record(term, actor=None, what=kind, changes={"to": recipients})
            queue_email(to=recipients, subject=subject, body=body)
        sent += 1
    return sent
