"""Reads for survey pages: rounds, published results, drill-down and trends."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.surveys.models import (
    Evaluation,
    IndexResult,
    IndexRun,
    Industry,
    Node,
    Round,
    RunLevel,
    Site,
)


def rounds_for_inspector(user):
    return (
        Round.objects.filter(inspectors=user)
        .select_related("evaluation", "instrument")
        .order_by("-year", "evaluation__name")
    )


def rounds_visible_to(user):
    """Every round for the secretariat; an inspector's assigned rounds; nothing for others."""
    rounds = Round.objects.select_related("evaluation", "instrument").order_by(
        "-year", "evaluation__name"
    )
    if is_secretariat(user):
        return rounds
    return rounds.filter(inspectors=user) if user.is_authenticated else rounds.none()


def round_visible_to(user, pk: int) -> Round:
    """One round the user may see, or 404: another's round is not acknowledged."""
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def frame_sites(round_: Round, *, text: str = "", district: str = ""):
    """The round's sampling frame, filtered by code or name and by district."""
    sites = Site.objects.filter(evaluation=round_.evaluation).select_related(
        "district", "street", "industry"
    )
    if text:
        sites = sites.filter(Q(code__icontains=text) | Q(name__icontains=text))
    if district:
        sites = sites.filter(Q(district__division_code=district) | Q(district__name=district))
    return sites.order_by("code")


def published_run(round_: Round) -> IndexRun | None:
    return round_.runs.filter(published_at__isnull=False).order_by("-published_at").first()


def latest_run(round_: Round) -> IndexRun | None:
    return round_.runs.order_by("-created_at", "-pk").first()


def evaluations_with_published():
    return (
        Evaluation.objects.annotate(
            published=Count("rounds__runs", filter=Q(rounds__runs__published_at__isnull=False))
        )
        .filter(published__gt=0)
        .order_by("name")
    )


def display_names(results: list[IndexResult], level: str) -> dict[str, str]:
    """Names in the reader's language for districts, streets and industries."""
    keys = [int(r.key) for r in results if r.key.isdigit()]
    if level in (RunLevel.DISTRICT, RunLevel.STREET):
        return {str(u.pk): u.display_name for u in Unit.objects.filter(pk__in=keys)}
    if level == RunLevel.INDUSTRY:
        return {str(i.pk): i.display_name for i in Industry.objects.filter(pk__in=keys)}
    return {}


def ranking(run: IndexRun, level: str, *, parent: str | None = None, limit: int | None = None):
    rows = IndexResult.objects.filter(run=run, level=level).order_by("rank", "key")
    if parent is not None:
        rows = rows.filter(parent_key=parent)
    rows = list(rows[:limit] if limit else rows)
    names = display_names(rows, level)
    for row in rows:
        row.display_name = names.get(row.key) or row.name
    return rows


def top_nodes(run: IndexRun) -> list[Node]:
    """The dimensions of the run's indicator system, in order."""
    return list(
        Node.objects.filter(system=run.round.system, parent__isnull=True).order_by(
            "position", "code"
        )
    )


def trend(evaluation: Evaluation, level: str = RunLevel.CITY) -> list[dict]:
    """Published scores year by year for the city and each district."""
    runs = {
        run.round.year: run
        for run in IndexRun.objects.filter(round__evaluation=evaluation, published_at__isnull=False)
        .select_related("round")
        .order_by("published_at")
    }
    series = []
    for year in sorted(runs):
        for row in IndexResult.objects.filter(run=runs[year], level=level):
            series.append({"year": year, "key": row.key, "score": round(row.score, 2)})
    return series


def all_nodes(run: IndexRun) -> list[Node]:
    """Every node of the run's system, parents before children, for drill-down tables."""
    nodes = list(Node.objects.filter(system=run.round.system).order_by("position", "code"))
    order = {None: []}
    for node in nodes:
        order.setdefault(node.parent_id, []).append(node)
    flat = []

    def walk(parent_id, depth):
        for node in order.get(parent_id, []):
            node.depth = depth
            flat.append(node)
            walk(node.pk, depth + 1)

    walk(None, 0)
    return flat
