"""The index engine: stored answers → scores per unit, street, district, industry and city.

One GROUP BY in the database reduces the answers to a mean per unit and question; everything
after that (normalisation, weights, the hierarchy, groups, confidence intervals, ranks) runs
in Polars on that small table. No Python loop touches an answer.

The steps follow the OECD/JRC handbook on composite indicators: normalise each item, weight
siblings, aggregate arithmetically up the hierarchy (renormalising the weights over the items
a unit has), then average units within groups.
"""

import functools
import hashlib
import io
import json
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.db import connection
from scipy import stats

from qualitymonth.surveys.models import (
    Direction,
    Level,
    Node,
    Normalisation,
    Question,
    Round,
    RunLevel,
    UnitOfAnalysis,
    Weighting,
)
from qualitymonth.surveys.weights import ahp, entropy_weights

METHOD_VERSION = 1
CONFIDENCE = 0.95
TOTAL = ""  # the parts key of the overall score
ROOT = "·"  # parent code of the dimensions

GROUP_LEVELS = (RunLevel.STREET, RunLevel.DISTRICT, RunLevel.INDUSTRY, RunLevel.CITY)


@dataclass
class Structure:
    """The hierarchy as tables: one row per node with its parent and fixed weight."""

    nodes: list[Node]
    item_of_question: dict[int, str]
    system_weighting: str
    system_ahp: list | None

    def children_of(self, code: str) -> list[Node]:
        parent_id = None if code == ROOT else self.by_code[code].pk
        return [node for node in self.nodes if node.parent_id == parent_id]

    @functools.cached_property
    def by_code(self) -> dict[str, Node]:
        return {node.code: node for node in self.nodes}

    @functools.cached_property
    def _code_of_pk(self) -> dict[int, str]:
        return {node.pk: node.code for node in self.nodes}

    def parent_code(self, node: Node) -> str:
        return ROOT if node.parent_id is None else self._code_of_pk[node.parent_id]

    def weighting_of(self, code: str) -> tuple[str, list | None]:
        if code == ROOT:
            return self.system_weighting, self.system_ahp
        node = self.by_code[code]
        return node.weighting, node.ahp_matrix


def load_structure(round_: Round) -> Structure:
    nodes = list(Node.objects.filter(system=round_.system).order_by("position", "code"))
    items = {node.code for node in nodes if node.level == Level.ITEM}
    item_of_question = {
        pk: code
        for pk, code in Question.objects.filter(
            instrument=round_.instrument, indicator_code__in=items
        ).values_list("pk", "indicator_code")
    }
    return Structure(nodes, item_of_question, round_.system.weighting, round_.system.ahp_matrix)


def fixed_weights(structure: Structure) -> dict[str, float | None]:
    """Weights known before the data: by hand, equal or AHP; None where entropy decides."""
    weights: dict[str, float | None] = {}
    for parent in [ROOT, *(n.code for n in structure.nodes if n.level != Level.ITEM)]:
        children = structure.children_of(parent)
        if not children:
            continue
        weighting, matrix = structure.weighting_of(parent)
        if weighting == Weighting.EQUAL:
            values = [1 / len(children)] * len(children)
        elif weighting == Weighting.AHP:
            values = ahp(matrix).weights
        elif weighting == Weighting.ENTROPY:
            values = [None] * len(children)
        else:
            values = [float(child.weight) for child in children]
        weights.update({child.code: value for child, value in zip(children, values, strict=True)})
    return weights


# --- step 1: the database ----------------------------------------------------------------


def frame_from_sql(sql: str, params: list, schema: dict) -> pl.DataFrame:
    """A query's rows as a DataFrame; on PostgreSQL through COPY, its fastest way out."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                for block in copy:
                    buffer.write(block)
            buffer.seek(0)
            if not buffer.getbuffer().nbytes:
                return pl.DataFrame(schema=schema)
            return pl.read_csv(buffer, has_header=False, new_columns=list(schema), schema=schema)
        cursor.execute(sql, params)
        return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")


def unit_question_means(round_: Round, question_ids: list[int]) -> pl.DataFrame:
    """Mean answer per unit and question: the one pass over the answers."""
    if not question_ids:
        return pl.DataFrame(
            schema={"unit": pl.Int64, "question": pl.Int64, "value": pl.Float64, "n": pl.Int64}
        )
    unit = "site_id" if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE else "response_id"
    placeholders = ", ".join(["%s"] * len(question_ids))
    sql = (
        f"SELECT a.{unit}, a.question_id, AVG(a.value), COUNT(*) FROM surveys_answer a "
        f"WHERE a.round_id = %s AND a.value IS NOT NULL AND a.{unit} IS NOT NULL "
        f"AND a.question_id IN ({placeholders}) "
        "AND a.response_id NOT IN (SELECT r.id FROM surveys_response r "
        "WHERE r.round_id = %s AND r.voided_at IS NOT NULL) "
        f"GROUP BY a.{unit}, a.question_id"
    )
    return frame_from_sql(
        sql,
        [round_.pk, *question_ids, round_.pk],
        {"unit": pl.Int64, "question": pl.Int64, "value": pl.Float64, "n": pl.Int64},
    )


def unit_attributes(round_: Round) -> pl.DataFrame:
    """Each unit's name, street, district and industry, for grouping."""
    schema = {
        "unit": pl.Int64,
        "name": pl.String,
        "street": pl.Int64,
        "district": pl.Int64,
        "industry": pl.Int64,
    }
    if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        sql = (
            "SELECT id, name, street_id, district_id, industry_id FROM surveys_site "
            "WHERE evaluation_id = %s"
        )
        return frame_from_sql(sql, [round_.evaluation_id], schema)
    sql = (
        "SELECT id, '', street_id, district_id, industry_id FROM surveys_response "
        "WHERE round_id = %s AND voided_at IS NULL"
    )
    return frame_from_sql(sql, [round_.pk], schema)


# --- step 2: normalise, weight, aggregate ------------------------------------------------


def item_scores(means: pl.DataFrame, structure: Structure) -> pl.DataFrame:
    """Normalised item scores per unit: columns unit, code, score."""
    mapping = pl.DataFrame(
        {
            "question": list(structure.item_of_question),
            "code": list(structure.item_of_question.values()),
        },
        schema={"question": pl.Int64, "code": pl.String},
    )
    items = [node for node in structure.nodes if node.level == Level.ITEM]
    settings = pl.DataFrame(
        {
            "code": [n.code for n in items],
            "lower": [n.direction == Direction.LOWER for n in items],
            "method": [n.normalisation for n in items],
            "scale_min": [float(n.scale_min) for n in items],
            "scale_max": [float(n.scale_max) for n in items],
            "target": [None if n.target is None else float(n.target) for n in items],
        },
        schema={
            "code": pl.String,
            "lower": pl.Boolean,
            "method": pl.String,
            "scale_min": pl.Float64,
            "scale_max": pl.Float64,
            "target": pl.Float64,
        },
    )
    # Several questions may score one item: their answers are pooled.
    values = (
        means.join(mapping, on="question")
        .group_by("unit", "code")
        .agg(((pl.col("value") * pl.col("n")).sum() / pl.col("n").sum()).alias("value"))
        .join(settings, on="code")
    )
    value = pl.col("value")
    spread = pl.col("value").max().over("code") - pl.col("value").min().over("code")
    observed = (value - pl.col("value").min().over("code")) / spread
    goalposts = (value - pl.col("scale_min")) / (pl.col("scale_max") - pl.col("scale_min"))
    sd = pl.col("value").std(ddof=0).over("code")
    zscore = (value - pl.col("value").mean().over("code")) / sd
    target = pl.col("target")
    to_target = pl.when(pl.col("lower")).then(target / value).otherwise(value / target).clip(0, 1)
    normalised = (
        pl.when(pl.col("method") == Normalisation.MINMAX)
        .then(pl.when(spread > 0).then(observed).otherwise(1.0) * 100)
        .when(pl.col("method") == Normalisation.ZSCORE)
        .then(pl.when(sd > 0).then(zscore).otherwise(0.0))
        .when(pl.col("method") == Normalisation.TARGET)
        .then(pl.when(value > 0).then(to_target).otherwise(pl.lit(0.0)) * 100)
        .otherwise(goalposts.clip(0, 1) * 100)
    )
    # Lower is better: flip the scale (z-scores change sign); distance to target already did.
    flipped = (
        pl.when(pl.col("lower") & (pl.col("method") == Normalisation.ZSCORE))
        .then(-normalised)
        .when(pl.col("lower") & (pl.col("method") != Normalisation.TARGET))
        .then(100 - normalised)
        .otherwise(normalised)
    )
    return values.select("unit", "code", flipped.alias("score")).sort("unit", "code")


def aggregate(scores: pl.DataFrame, structure: Structure) -> tuple[pl.DataFrame, dict]:
    """Roll item scores up the hierarchy; returns every node's score per unit and the weights."""
    weights = fixed_weights(structure)
    done = scores
    levels = [Level.ITEM, Level.INDICATOR, Level.DIMENSION]
    parents = {node.code: structure.parent_code(node) for node in structure.nodes}
    for level in levels:
        codes = [n.code for n in structure.nodes if n.level == level]
        current = done.filter(pl.col("code").is_in(codes))
        if current.is_empty():
            continue
        for parent in sorted({parents[code] for code in codes}):
            if structure.weighting_of(parent)[0] == Weighting.ENTROPY:
                children = [c.code for c in structure.children_of(parent)]
                weights.update(_entropy(current, children))
        table = pl.DataFrame(
            {
                "code": codes,
                "parent": [parents[code] for code in codes],
                "weight": [weights.get(code) or 0.0 for code in codes],
            },
            schema={"code": pl.String, "parent": pl.String, "weight": pl.Float64},
        )
        rolled = (
            current.join(table, on="code")
            .filter(pl.col("weight") > 0)
            .group_by("unit", "parent")
            .agg(
                ((pl.col("score") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("score")
            )
            .rename({"parent": "code"})
            .with_columns(pl.col("code").replace(ROOT, TOTAL))
        )
        done = pl.concat([done, rolled.select("unit", "code", "score")])
    return done, weights


def _entropy(scores: pl.DataFrame, children: list[str]) -> dict[str, float]:
    """Entropy weights of siblings from their scores, min–max standardised first."""
    wide = (
        scores.filter(pl.col("code").is_in(children))
        .pivot(on="code", index="unit", values="score")
        .drop("unit")
    )
    present = [code for code in children if code in wide.columns]
    matrix = wide.select(present).to_numpy().astype(float)
    low, high = np.nanmin(matrix, axis=0), np.nanmax(matrix, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        standardised = np.where(high > low, (matrix - low) / (high - low), 0.0)
    found = dict(zip(present, entropy_weights(np.nan_to_num(standardised)), strict=True))
    return {code: found.get(code, 0.0) for code in children}


# --- step 3: groups, intervals, ranks -----------------------------------------------------


def unit_rows(scores: pl.DataFrame, attributes: pl.DataFrame) -> pl.DataFrame:
    """One row per unit: total, parts, and what it belongs to."""
    wide = scores.pivot(on="code", index="unit", values="score", sort_columns=True)
    parts = [column for column in wide.columns if column not in ("unit", TOTAL)]
    return (
        wide.filter(pl.col(TOTAL).is_not_null())
        .join(attributes, on="unit", how="left")
        .with_columns(pl.col(TOTAL).alias("score"))
        .select("unit", "name", "street", "district", "industry", "score", *parts)
    )


def group_rows(units: pl.DataFrame, level: str, parts: list[str]) -> pl.DataFrame:
    key = {"street": "street", "district": "district", "industry": "industry"}.get(level)
    frame = units.with_columns(pl.lit(0).alias("city")) if key is None else units
    key = key or "city"
    grouped = (
        frame.filter(pl.col(key).is_not_null())
        .group_by(key)
        .agg(
            pl.col("score").mean().alias("mean"),
            pl.col("score").std(ddof=1).alias("sd"),
            pl.len().alias("units"),
            *(pl.col(part).mean() for part in parts),
            pl.col("district").first().alias("parent"),
        )
        .rename({key: "key"})
    )
    half = _t_quantiles(grouped["units"]) * grouped["sd"] / grouped["units"].cast(pl.Float64).sqrt()
    return grouped.with_columns(
        (pl.col("mean") - half).alias("ci_low"), (pl.col("mean") + half).alias("ci_high")
    ).rename({"mean": "score"})


def _t_quantiles(units: pl.Series) -> pl.Series:
    degrees = units.to_numpy().astype(float) - 1
    with np.errstate(invalid="ignore"):
        values = np.where(
            degrees >= 1, stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(degrees, 1)), np.nan
        )
    return pl.Series(values).fill_nan(None)


def ranked(frame: pl.DataFrame) -> pl.DataFrame:
    """Competition ranks on scores to two decimals: 1, 2, 2, 4."""
    return frame.with_columns(
        pl.col("score").round(2).rank(method="min", descending=True).cast(pl.Int64).alias("rank")
    )


def fingerprint(round_: Round, structure: Structure, means: pl.DataFrame) -> str:
    count = int(means["n"].sum() or 0)
    total = float((means["value"] * means["n"]).sum() or 0.0)
    described = {
        "method": METHOD_VERSION,
        "round": round_.pk,
        "revision": round_.answers_revision,
        "answers": count,
        "sum": round(total, 6),
        "weighting": [structure.system_weighting, structure.system_ahp],
        "nodes": [
            [
                n.code,
                structure.parent_code(n),
                n.level,
                str(n.weight),
                n.weighting,
                n.ahp_matrix,
                n.direction,
                n.normalisation,
                n.scale_min,
                n.scale_max,
                n.target,
            ]
            for n in structure.nodes
        ],
        "questions": sorted(structure.item_of_question.items()),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


# --- the whole computation ------------------------------------------------------------------


@dataclass
class Computed:
    fingerprint: str
    weights: dict
    units: int
    answers: int
    results: dict[str, pl.DataFrame]  # by level


def compute(round_: Round) -> Computed:
    """Every level's ranked scores for a round, from its stored answers."""
    structure = load_structure(round_)
    means = unit_question_means(round_, sorted(structure.item_of_question))
    scores, weights = aggregate(item_scores(means, structure), structure)
    node_codes = [node.code for node in structure.nodes]
    empty = pl.DataFrame(schema={"unit": pl.Int64, "code": pl.String, "score": pl.Float64})
    units = unit_rows(scores if not scores.is_empty() else empty, unit_attributes(round_))
    parts = [code for code in node_codes if code in units.columns]
    results = {}
    if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        results[RunLevel.SITE] = ranked(
            units.rename({"unit": "key"}).with_columns(
                pl.lit(1).alias("units"),
                pl.lit(None, pl.Float64).alias("ci_low"),
                pl.lit(None, pl.Float64).alias("ci_high"),
                pl.col("district").alias("parent"),
            )
        )
    for level in GROUP_LEVELS:
        rows = group_rows(units, level, parts)
        if level != RunLevel.STREET:  # only streets name their district as parent
            rows = rows.with_columns(pl.lit(None, pl.Int64).alias("parent"))
        results[level] = ranked(rows)
    return Computed(
        fingerprint=fingerprint(round_, structure, means),
        weights={code: weights.get(code) for code in node_codes},
        units=units.height,
        answers=int(means["n"].sum() or 0),
        results=results,
    )
