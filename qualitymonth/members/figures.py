"""Members' figures for the year pages (collected by the figures app)."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure
from qualitymonth.members.selectors import member_unit_ids, shanghai_today
from qualitymonth.members.selectors_participation import latest_run
from qualitymonth.organizations.models import Unit

DISTRICT = "district"


def participation_rate(year: int) -> float:
    """The worker's latest participation run of the year; none yet counts as zero."""
    run = latest_run(year)
    return (run.rate or 0) if run else 0


def participation_run(year: int) -> str:
    """The run the rate comes from: a new run is a change of the records behind it."""
    run = latest_run(year)
    return f"{run.pk}:{run.members}:{run.participants}" if run else "none"


def participation_by(year: int, dimension: str) -> dict[str, float]:
    """The rate among each district's members, from the same run as the city's."""
    run = latest_run(year)
    if run is None or dimension != DISTRICT:
        return {}
    rows = (
        run.entries.filter(district__isnull=False)
        .order_by()
        .values("district__key")
        .annotate(members=Count("pk"), took_part=Count("pk", filter=Q(took_part=True)))
    )
    return {
        row["district__key"]: round(100 * row["took_part"] / row["members"], 1)
        for row in rows
        if row["members"]
    }


def _counted_on(year: int) -> datetime.date:
    """The last day of the year, or today while the year runs."""
    return min(datetime.date(year, 12, 31), shanghai_today())


def member_units(year: int) -> int:
    return len(member_unit_ids(_counted_on(year)))


def member_units_by(year: int, dimension: str) -> dict[str, int]:
    """Member units by the district each is located in; units without one count for the
    city only."""
    if dimension != DISTRICT:
        return {}
    rows = (
        Unit.objects.filter(pk__in=member_unit_ids(_counted_on(year)), district__isnull=False)
        .order_by()
        .values_list("district__key")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


FIGURES = [
    Figure(
        key="members.units",
        name=_("Member units"),
        unit=_("units"),
        definition=_(
            "Member units in good standing on the last day of the year (today while the year "
            "runs), by the status rules in force."
        ),
        compute=member_units,
        dimensions=("year", DISTRICT),
        by=member_units_by,
        over_years="mean",
        order=69,
    ),
    Figure(
        key="members.participation_rate",
        name=_("Member participation rate"),
        unit="%",
        definition=_(
            "Share of member units that took part in the association's work in the year, "
            "by the participation rule in force."
        ),
        compute=participation_rate,
        dimensions=("year", DISTRICT),
        by=participation_by,
        records=participation_run,
        order=70,
    ),
]
