"""Reads of the stored participation results (computed by the worker, never on a GET)."""

from django.db.models import Count, Q, QuerySet

from qualitymonth.members.models import ParticipationRun


def latest_run(year: int) -> ParticipationRun | None:
    return ParticipationRun.objects.filter(year=year).order_by("-computed_at", "-pk").first()


def runs() -> QuerySet[ParticipationRun]:
    return ParticipationRun.objects.order_by("-year", "-computed_at")


def get_run(pk) -> ParticipationRun | None:
    try:
        return ParticipationRun.objects.get(pk=pk)
    except (ParticipationRun.DoesNotExist, ValueError, TypeError):
        return None


def breakdown(run: ParticipationRun, by: str) -> list[dict]:
    """Members and participants by group, district or type: [{id, name, members, took_part,
    rate}], one query."""
    name = {"group": "group__name", "district": "district__name", "type": "type__name"}[by]
    rows = (
        run.entries.order_by()
        .values(f"{by}_id", name)
        .annotate(members=Count("pk"), took_part=Count("pk", filter=Q(took_part=True)))
        .order_by(name)
    )
    return [
        {
            "id": row[f"{by}_id"],
            "name": row[name] or "—",
            "members": row["members"],
            "took_part": row["took_part"],
            "rate": round(100 * row["took_part"] / row["members"], 1) if row["members"] else None,
        }
        for row in rows
    ]


FILTERS = ("group", "district", "type")


def entries(run: ParticipationRun, *, took_part: bool | None = None, **filters) -> QuerySet:
    rows = run.entries.select_related("unit", "group", "district", "type")
    if took_part is not None:
        rows = rows.filter(took_part=took_part)
    for key in FILTERS:
        value = filters.get(key)
        if value == "none":
            rows = rows.filter(**{f"{key}__isnull": True})
        elif value:
            rows = rows.filter(**{f"{key}_id": value})
    return rows.order_by("unit__sort_key", "pk")
