"""Published indices: rankings, the district map, trends and drill-down. Public."""

import math

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from qualitymonth.core.cache import anonymous_page
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.surveys import method, selectors
from qualitymonth.surveys.models import Evaluation, IndexRun, Round, RunLevel


# Rounds with a published run and their evaluations (surveys' rows only); a run is published
# by a write, never at a date, so nothing on the list changes with the clock.
@anonymous_page("surveys")
def index(request):
    rounds = (
        Round.objects.filter(runs__published_at__isnull=False)
        .select_related("evaluation")
        .distinct()
        .order_by("evaluation__name", "-year")
    )
    return render(request, "surveys/index.html", {"rounds": rounds})


def _run_for(request, round_: Round) -> IndexRun:
    """The published run; the secretariat may look at any run of the round before publishing."""
    run_id = request.GET.get("run")
    if run_id and request.user.has_perm("surveys.manage"):
        run = round_.runs.filter(pk=run_id if run_id.isdigit() else 0).first()
    else:
        run = selectors.published_run(round_)
    if run is None:
        raise Http404
    return run


def _chart_rows(rows) -> list[dict]:
    return [
        {
            "key": row.key,
            "name": row.display_name,
            "score": round(row.score, 2),
            "rank": row.rank,
            "code": row.division_code if hasattr(row, "division_code") else "",
        }
        for row in rows
    ]


def map_scale(scores: list[float]) -> dict:
    """The map's colour scale: the lowest to the highest score, out to whole numbers.

    From 0 every district of a 68–90 spread would look alike; a single score gets a band of 1.
    """
    if not scores:
        return {"min": 0, "max": 100}
    low, high = math.floor(min(scores)), math.ceil(max(scores))
    if high <= low:
        high = low + 1
    return {"min": low, "max": high}


# A round's results: its runs and scores, units' names and codes.
@anonymous_page("surveys", "organizations")
def results(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "system"), pk=pk)
    run = _run_for(request, round_)
    districts = selectors.ranking(run, RunLevel.DISTRICT)
    codes = dict(
        Unit.objects.filter(
            kind=UnitKind.DISTRICT, pk__in=[int(r.key) for r in districts]
        ).values_list("pk", "division_code")
    )
    for row in districts:
        row.division_code = (codes.get(int(row.key)) or "")[:6]
    industries = selectors.ranking(run, RunLevel.INDUSTRY)
    city = selectors.ranking(run, RunLevel.CITY)
    trend = selectors.trend(round_.evaluation, RunLevel.DISTRICT)
    names = {row.key: row.display_name for row in districts}
    charts = {
        "districts": _chart_rows(districts),
        "industries": _chart_rows(industries),
        "trend": [dict(point, name=names.get(point["key"], point["key"])) for point in trend],
        "scoreLabel": _("score"),
        "scale": map_scale([row.score for row in districts]),
    }
    return render(
        request,
        "surveys/results.html",
        {
            "round": round_,
            "run": run,
            "city": city[0] if city else None,
            "districts": districts,
            "industries": industries,
            "dimensions": selectors.top_nodes(run),
            "charts": charts,
            "method": method.describe(run.method),
            "run_query": f"?run={run.pk}" if run.published_at is None else "",
        },
    )


def district(request, pk, key):
    """Drill-down: a district's streets and sites, with every indicator's score."""
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), pk=pk)
    run = _run_for(request, round_)
    rows = selectors.ranking(run, RunLevel.DISTRICT)
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        raise Http404
    nodes = selectors.all_nodes(run)
    return render(
        request,
        "surveys/district.html",
        {
            "round": round_,
            "run": run,
            "district": row,
            "streets": selectors.ranking(run, RunLevel.STREET, parent=key),
            "sites": selectors.ranking(run, RunLevel.SITE, parent=key, limit=500),
            "nodes": nodes,
            "dimensions": [n for n in nodes if n.parent_id is None],
            "run_query": f"?run={run.pk}" if run.published_at is None else "",
        },
    )


def evaluation(request, key):
    evaluation = get_object_or_404(Evaluation, key=key)
    rounds = [r for r in evaluation.rounds.order_by("-year") if selectors.published_run(r)]
    if not rounds and not request.user.has_perm("surveys.manage"):
        raise Http404
    return render(request, "surveys/evaluation.html", {"evaluation": evaluation, "rounds": rounds})


def satisfaction(request, pk):
    """The customer-satisfaction model of a round as last estimated: nothing is estimated here."""
    from qualitymonth.surveys.satisfaction import latent_label

    round_ = get_object_or_404(Round.objects.select_related("evaluation", "system"), pk=pk)
    manager = request.user.has_perm("surveys.manage")
    if selectors.published_run(round_) is None and not manager:
        raise Http404
    run = selectors.latest_satisfaction(round_)
    if run is None and not manager:
        raise Http404
    model = None
    warnings = []
    if run is not None:
        model = {
            **run.model,
            "indices": [
                {**row, "label": latent_label(row["name"])} for row in run.model["indices"]
            ],
            "paths": [
                {
                    **row,
                    "source": latent_label(row["source"]),
                    "target": latent_label(row["target"]),
                }
                for row in run.model["paths"]
            ],
        }
        names = {
            node.code: node.display_name
            for node in round_.system.nodes.filter(
                code__in=[w["item"] for w in run.negative_weights]
            )
        }
        warnings = [
            _(
                "The outer weight of %(item)s is negative: its answers run against the rest of "
                "“%(latent)s”, so that index is not shown. Check whether the question is asked "
                "the other way round."
            )
            % {
                "item": " ".join(filter(None, [w["item"], names.get(w["item"], "")])),
                "latent": latent_label(w["latent"]),
            }
            for w in run.negative_weights
        ]
    return render(
        request,
        "surveys/satisfaction.html",
        {"round": round_, "run": run, "model": model, "warnings": warnings, "manager": manager},
    )
