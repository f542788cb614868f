"""The satisfaction model of a round: answers pivoted by Polars, estimated by `pls`.

Estimating with its bootstrap takes seconds: services.satisfaction runs it once and stores
the result; pages read what is stored.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qualitymonth.surveys.models import Question, Round

# Polars and NumPy (through `pls` and `engine`) are imported by the functions that estimate:
# together they take most of a second to import, which every server start would otherwise pay
# for a computation the secretariat starts a few times a year.

RESAMPLES = 200
# The ACSI/CCSI constructs, named as a reader knows them.
LATENT_NAMES = {
    "EXPE": _("customer expectations"),
    "QUAL": _("perceived quality"),
    "VAL": _("perceived value"),
    "SAT": _("customer satisfaction"),
    "COMP": _("customer complaints"),
    "LOY": _("customer loyalty"),
}


def carries_items(round_: Round) -> bool:
    """Whether the round's instrument has a question for every item of the model."""
    from qualitymonth.surveys import pls

    items = {item for block in pls.ACSI.blocks.values() for item in block}
    codes = Question.objects.filter(instrument=round_.instrument_id, indicator_code__in=items)
    return set(codes.values_list("indicator_code", flat=True)) == items


def satisfaction_model(round_: Round, *, scaled: bool = True) -> dict | None:
    """JSON-ready estimates; None when the round's questions do not carry the ACSI items."""
    import polars as pl

    from qualitymonth.surveys import pls
    from qualitymonth.surveys.engine import frame_from_sql

    items = [item for block in pls.ACSI.blocks.values() for item in block]
    questions = dict(
        Question.objects.filter(instrument=round_.instrument, indicator_code__in=items).values_list(
            "pk", "indicator_code"
        )
    )
    if set(questions.values()) != set(items):
        return None
    placeholders = ", ".join(["%s"] * len(questions))
    answers = frame_from_sql(
        "SELECT a.response_id, a.question_id, a.value FROM surveys_answer a "
        f"WHERE a.round_id = %s AND a.question_id IN ({placeholders}) AND a.value IS NOT NULL "
        "AND a.response_id NOT IN (SELECT r.id FROM surveys_response r "
        "WHERE r.round_id = %s AND r.voided_at IS NOT NULL)",
        [round_.pk, *questions, round_.pk],
        {"response": pl.Int64, "question": pl.Int64, "value": pl.Float64},
    )
    if answers.is_empty():
        return None
    wide = (
        answers.with_columns(pl.col("question").replace_strict(questions, return_dtype=pl.String))
        .pivot(on="question", index="response", values="value", aggregate_function="mean")
        .drop_nulls()
    )
    if wide.height < 30:
        return None
    low, high = _scale(round_, items)
    data = wide.select(items).to_numpy()
    try:
        result = pls.estimate(data, items, pls.ACSI, scheme="path", scaled=scaled)
        intervals = pls.bootstrap(
            data, items, pls.ACSI, low=low, high=high, resamples=RESAMPLES, scaled=scaled
        )
    except pls.PlsError:
        return None
    index = result.index(low, high)
    return {
        "respondents": wide.height,
        "scaled": scaled,
        "indices": [
            {
                "name": name,
                "value": index[name],
                "interval": None if index[name] is None else intervals["indices"].get(name),
            }
            for name in result.latents
        ],
        "paths": [
            {
                "source": source,
                "target": target,
                "value": value,
                "interval": intervals["paths"].get(f"{source}→{target}"),
            }
            for target, sources in result.path_coefs.items()
            for source, value in sources.items()
        ],
        "r2": result.r2,
        "outer_weights": result.outer_weights,
        "negative_weights": [
            {"item": item, "latent": latent} for item, latent in result.negative_weights.items()
        ],
        "resamples": RESAMPLES,
    }


def latent_label(name: str) -> str:
    return str(LATENT_NAMES.get(name, name))


def _scale(round_: Round, items: list[str]) -> tuple[float, float]:
    """The answer scale from the items' goalposts in the round's indicator system."""
    nodes = round_.system.nodes.filter(Q(code__in=items))
    lows = [n.scale_min for n in nodes]
    highs = [n.scale_max for n in nodes]
    return (min(lows), max(highs)) if lows else (1.0, 10.0)
