"""The index engine: stored answers → scores per unit, street, district, industry and city.

The database keeps a sum and count per site and question as answers arrive (a round whose
unit is the response is grouped from its answers), giving a mean per unit and question; everything
after that (normalisation, weights, the hierarchy, groups, confidence intervals, ranks) runs
in Polars and NumPy on that small table, one column per node and one row per unit. No Python
loop touches an answer or a unit.

The steps follow the OECD/JRC handbook on composite indicators: normalise each item, weight
siblings, aggregate arithmetically up the hierarchy (renormalising the weights over the items
a unit has), then average units within groups.
"""

import functools
import hashlib
import importlib
import json
import threading
from dataclasses import dataclass

import numpy as np
import polars as pl

from qualitymonth.surveys.engine_reads import (  # noqa: F401 (the engine's API)
    MEANS,
    frame_from_sql,
    unit_attributes,
    unit_question_means,
)
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


# --- step 1: the database (engine_reads) ---------------------------------------------

# --- step 2: normalise, weight, aggregate ------------------------------------------------


@dataclass
class Column:
    """One node's scores over the units (sorted by id).

    A unit has the node (present) when it has a score, or, for an item, when it was answered
    but its score is undefined (distance to a target that is not set): such an item still
    counts in its parent's weights, as it always has.
    """

    values: np.ndarray  # float64; meaningless where not scored
    scored: np.ndarray  # bool
    present: np.ndarray  # bool


@dataclass
class Scores:
    """Every node's scores per unit, by node code (TOTAL for the overall score)."""

    units: np.ndarray  # int64, ascending
    columns: dict[str, Column]

    def frame(self, codes) -> pl.DataFrame:
        """Unit and the nodes' scores, null where a unit has none."""
        # A dict keeps the overall score's name, "" (a list of Series would rename it).
        return pl.DataFrame(
            {
                "unit": pl.Series(self.units, dtype=pl.Int64),
                **{
                    code: pl.Series(self.columns[code].values, dtype=pl.Float64).set(
                        pl.Series(~self.columns[code].scored), None
                    )
                    for code in codes
                },
            }
        )


def _kahan(terms: list[tuple[np.ndarray, np.ndarray]], size: int) -> np.ndarray:
    """Sums term by term where each term's mask is set, compensated as Polars' group sums are."""
    total, compensation = np.zeros(size), np.zeros(size)
    for values, mask in terms:
        y = values - compensation
        t = total + y
        compensation = np.where(mask, (t - total) - y, compensation)
        total = np.where(mask, t, total)
    return total


def _rows_of_units(unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The units in ascending order, and each line's row among them."""
    if len(unit):
        # Usually each unit's lines come together (as the query writes them): the runs are
        # then the units, and only they need sorting.
        starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
        firsts = unit[starts]
        if len(np.unique(firsts)) == len(firsts):
            order = np.argsort(firsts)
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            return firsts[order], np.repeat(rank, np.diff(np.r_[starts, len(unit)]))
    return np.unique(unit, return_inverse=True)


def _pooled_values(means: pl.DataFrame, structure: Structure) -> tuple[np.ndarray, dict]:
    """Each item's mean answer per unit, its questions' answers pooled; and who answered it."""
    questions = np.array(sorted(structure.item_of_question), dtype=np.int64)
    means = means.filter(pl.col("question").is_in(questions))
    units, row = _rows_of_units(means["unit"].to_numpy())
    column = np.searchsorted(questions, means["question"].to_numpy())
    n = means["n"].to_numpy()
    # question × unit tables of the sums (as Polars multiplies a float by an integer) and counts
    cell = column * len(units) + row
    sums = np.zeros(len(questions) * len(units))
    counts = np.zeros(len(questions) * len(units), dtype=np.int64)
    sums[cell] = means["value"].to_numpy() * n
    counts[cell] = n
    sums = sums.reshape(len(questions), len(units))
    counts = counts.reshape(len(questions), len(units))
    answered_any = counts.any(axis=1)
    by_code: dict[str, list[int]] = {}
    for position, question in enumerate(questions.tolist()):
        if answered_any[position]:
            by_code.setdefault(structure.item_of_question[question], []).append(position)
    pooled = {}
    for code, positions in by_code.items():
        # Several questions may score one item: their answers are pooled.
        total = _kahan([(sums[p], counts[p] > 0) for p in positions], len(units))
        count = counts[positions].sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            pooled[code] = (total / count.astype(np.float64), count > 0)
    return units, pooled


def _normalised(value: np.ndarray, answered: np.ndarray, node: Node) -> np.ndarray | None:
    """An item's 0–100 score (z-scores: around 0) by the item's own rule; None: no score.

    NumPy divides as the original Polars expressions did on columns (a Polars division by a
    literal may be turned into a multiplication by its inverse, a last digit apart).
    """
    lower = node.direction == Direction.LOWER
    method = node.normalisation
    seen = pl.Series(value[answered])
    if method == Normalisation.MINMAX:
        low, high = seen.min(), seen.max()
        spread = high - low
        score = ((value - low) / spread if spread > 0 else np.full(len(value), 1.0)) * 100
    elif method == Normalisation.ZSCORE:
        # The statistics of the units that answered, with the kernels of a group_by.
        stats = (
            pl.DataFrame({"g": 0, "v": seen})
            .group_by("g")
            .agg(pl.col("v").mean().alias("mean"), pl.col("v").std(ddof=0).alias("sd"))
        )
        mean, sd = stats["mean"][0], stats["sd"][0]
        score = (value - mean) / sd if sd is not None and sd > 0 else np.zeros(len(value))
        return -score if lower else score
    elif method == Normalisation.TARGET:
        if node.target is None:  # no distance without a target, but 0 for nothing
            return None
        target = float(node.target)
        to_target = np.clip(target / value if lower else value / target, 0, 1)
        # Distance to target already points the right way: no flip.
        return np.where(value > 0, to_target, 0.0) * 100
    else:
        low, high = float(node.scale_min), float(node.scale_max)
        score = np.clip((value - low) / (high - low), 0, 1) * 100
    # Lower is better: flip the scale.
    return 100 - score if lower else score


def item_scores(means: pl.DataFrame, structure: Structure) -> Scores:
    """Normalised item scores per unit, one column per item answered by some unit.

    Each item is normalised by its own rule only (min–max on its scale, over the units, z-score
    or distance to target); the statistics a rule needs are the item's, over the units that
    answered it.
    """
    units, pooled = _pooled_values(means, structure)
    columns = {}
    for node in structure.nodes:
        if node.level != Level.ITEM or node.code not in pooled:
            continue
        value, answered = pooled[node.code]
        with np.errstate(divide="ignore", invalid="ignore"):
            score = _normalised(value, answered, node)
        if score is None:
            # Distance to a target that is not set: no score where the answer is above 0,
            # 0 where it is not (as the original expression gave).
            scored = answered & ~(value > 0)
            score = np.zeros(len(value))
        else:
            scored = answered
        columns[node.code] = Column(np.where(answered, score, 0.0), scored, answered)
    return Scores(units, columns)


def aggregate(scores: Scores, structure: Structure) -> tuple[Scores, dict]:
    """Roll item scores up the hierarchy; returns every node's score per unit and the weights.

    A parent's score is the weighted mean of the children a unit has (weights renormalised
    over them); a unit with none of its children with a weight has no score for it.
    """
    weights = fixed_weights(structure)
    columns = dict(scores.columns)
    size = len(scores.units)
    parents = {node.code: structure.parent_code(node) for node in structure.nodes}
    for level in (Level.ITEM, Level.INDICATOR, Level.DIMENSION):
        codes = [n.code for n in structure.nodes if n.level == level]
        current = [code for code in codes if code in columns]
        if not current:
            continue
        for parent in sorted({parents[code] for code in codes}):
            if structure.weighting_of(parent)[0] == Weighting.ENTROPY:
                children = [c.code for c in structure.children_of(parent)]
                weights.update(_entropy(scores.units, columns, current, children))
        rolled = {}
        for parent in sorted({parents[code] for code in current}):
            children = [
                (columns[code], weights.get(code) or 0.0)
                for code in sorted(current)
                if parents[code] == parent and (weights.get(code) or 0.0) > 0
            ]
            if not children:
                continue
            present = np.logical_or.reduce([child.present for child, _ in children])
            if not present.any():
                continue
            weighted = _kahan([(child.values * w, child.scored) for child, w in children], size)
            weight = _kahan([(np.full(size, w), child.present) for child, w in children], size)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(present, weighted / np.where(present, weight, 1.0), 0.0)
            rolled[TOTAL if parent == ROOT else parent] = Column(value, present, present)
        columns.update(rolled)
    return Scores(scores.units, columns), weights


def _entropy(
    units: np.ndarray, columns: dict[str, Column], current: list[str], children: list[str]
) -> dict[str, float]:
    """Entropy weights of siblings from their scores, min–max standardised first."""
    present = [code for code in children if code in current]
    rows = np.logical_or.reduce([columns[c].present for c in present]) if present else []
    matrix = np.column_stack(
        [np.where(columns[c].scored, columns[c].values, np.nan)[rows] for c in present]
        or [np.empty((0, 0))]
    ).astype(float)
    low, high = np.nanmin(matrix, axis=0), np.nanmax(matrix, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        standardised = np.where(high > low, (matrix - low) / (high - low), 0.0)
    found = dict(zip(present, entropy_weights(np.nan_to_num(standardised)), strict=True))
    return {code: found.get(code, 0.0) for code in children}


# --- step 3: groups, intervals, ranks -----------------------------------------------------


def unit_rows(scores: Scores, attributes: pl.DataFrame) -> pl.DataFrame:
    """One row per unit with an overall score: total, parts, and what it belongs to."""
    present = [code for code, column in scores.columns.items() if column.present.any()]
    parts = sorted(code for code in present if code != TOTAL)
    wide = scores.frame([TOTAL, *parts] if TOTAL in present else parts)
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
    # The special function alone (what scipy.stats.t.ppf calls), imported here: scipy.stats
    # takes seconds to import, scipy.special a fraction of that, and only index runs need it.
    from scipy.special import stdtrit

    degrees = units.to_numpy().astype(float) - 1
    with np.errstate(invalid="ignore"):
        values = np.where(
            degrees >= 1, stdtrit(np.maximum(degrees, 1), 0.5 + CONFIDENCE / 2), np.nan
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
    parts: list[str]  # the node codes scored, in the order of the nodes


def _import_meanwhile(module: str) -> None:
    """Import a module on another thread: it runs while this one waits on the database (the
    import takes a third of a second; a later import of it waits for this one to finish)."""
    threading.Thread(target=importlib.import_module, args=(module,), daemon=True).start()


def compute(round_: Round, *, in_halves: bool = False) -> Computed:
    """Every level's ranked scores for a round, from its stored answers (`in_halves`: see
    engine_reads.unit_question_means)."""
    _import_meanwhile("scipy.special")  # for the t intervals, needed at the end
    structure = load_structure(round_)
    means = unit_question_means(round_, sorted(structure.item_of_question), in_halves=in_halves)
    scores, weights = aggregate(item_scores(means, structure), structure)
    node_codes = [node.code for node in structure.nodes]
    units = unit_rows(scores, unit_attributes(round_))
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
        parts=parts,
    )
