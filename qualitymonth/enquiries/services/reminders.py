"""A daily e-mail to each handling unit: its cases past their time limit and those near it.

One digest per unit and day. Each clock in it records `reminded_on`, so a second run on the
same day sends nothing; a unit hears again the same day only if a case it had not been told
about became due meanwhile (handed over by another unit, say). The digest names cases by
number and category only: no citizen's personal data goes out by e-mail.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qualitymonth.core.links import absolute_url
from qualitymonth.core.tasks import queue_email
from qualitymonth.enquiries.models import Clock
from qualitymonth.enquiries.selectors_clocks import near_deadline, overdue
from qualitymonth.organizations.models import Role, Unit, User


def recipients_for(unit_id: int) -> list[str]:
    """The unit's case handlers with an e-mail address."""
    people = User.objects.filter(
        is_active=True, positions__unit_id=unit_id, positions__role=Role.CASE_HANDLER
    ).exclude(email="")
    return sorted(set(people.values_list("email", flat=True)))


def clocks_to_remind(today: datetime.date) -> dict:
    """{unit id: {"overdue": [clocks], "near": [clocks]}} for every unit with such cases."""
    by_unit: dict[int, dict[str, list[Clock]]] = defaultdict(lambda: {"overdue": [], "near": []})
    related = ("case__category", "case__unit")
    for clock in overdue(today).select_related(*related):
        by_unit[clock.case.unit_id]["overdue"].append(clock)
    for clock in near_deadline(today).select_related(*related):
        by_unit[clock.case.unit_id]["near"].append(clock)
    return dict(by_unit)


def _line(clock: Clock, today: datetime.date) -> str:
    case = clock.case
    late = (today - clock.due_on).days
    when = (
        ngettext("due %(day)s, %(n)s day late", "due %(day)s, %(n)s days late", late)
        if late > 0
        else _("due %(day)s")
    ) % {"day": clock.due_on.isoformat(), "n": late}
    return (
        f"{case.number}  {case.get_kind_display()} · {case.category.display_name} · "
        f"{clock.get_step_display()} · {when}"
    )


def digest(unit: Unit, clocks: dict, today: datetime.date) -> tuple[str, str]:
    values = {
        "unit": unit.display_name,
        "overdue": len(clocks["overdue"]),
        "near": len(clocks["near"]),
        "day": today.isoformat(),
    }
    subject = _("Citizen cases on %(day)s: %(overdue)s past the time limit, %(near)s near it") % (
        values
    )
    lines = [_("%(unit)s, your citizen cases on %(day)s:") % values, ""]
    if clocks["overdue"]:
        lines += [_("Past the time limit:"), *(_line(c, today) for c in clocks["overdue"]), ""]
    if clocks["near"]:
        lines += [_("Near the time limit:"), *(_line(c, today) for c in clocks["near"]), ""]
    desk = absolute_url(reverse("enquiries:desk"))
    lines.append(_("Open the desk to handle them: %(url)s") % {"url": desk})
    return subject, "\n".join(lines)


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Queue today's digests; returns how many units were written to."""
    today = today or timezone.localdate()
    sent = 0
    for unit_id, clocks in clocks_to_remind(today).items():
        recipients = recipients_for(unit_id)
        if not recipients:
            continue  # nobody to tell: the clocks stay unreminded until someone is
        ids = [clock.pk for clock in (*clocks["overdue"], *clocks["near"])]
        with transaction.atomic():
            fresh = (
                Clock.objects.select_for_update()
                .filter(pk__in=ids)
                .exclude(reminded_on=today)
                .values_list("pk", flat=True)
            )
            if not list(fresh):
                continue  # told today already, by this run's predecessor or a parallel one
            Clock.objects.filter(pk__in=ids).update(reminded_on=today)
            unit = Unit.objects.get(pk=unit_id)
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = digest(unit, clocks, today)
            queue_email(to=recipients, subject=subject, body=body)
        sent += 1
    return sent
