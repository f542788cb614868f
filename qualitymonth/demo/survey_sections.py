"""Handlers for the survey sections of the demo fixtures: geography, evaluations, rounds.

- `survey_streets`, `survey_industries`: the reference tables of surveys/data, one row each
  through `save_if_changed`. A street already defined as a unit by name (010_units.yaml has
  莘庄镇 and 南桥镇) is used as it is: that file owns it, and changing it here would make
  the two sections undo each other on every load.
- `survey_people`: accounts made as `award_people` makes them.
- `survey_evaluations`: an evaluation, its indicator system (weights by hand, equal or AHP,
  checked as the system page checks them), its instrument - an XLSForm built here with
  openpyxl and read by `create_instrument` exactly as an upload is - and its sampling
  frame. An instrument is made once and kept on later loads, like the awards' rubric copy.
- `survey_rounds`: rounds, their inspectors, demo answers, and the published index.

Answers come from seeded numpy generators: a latent quality per response made of district,
street, industry and site effects that persist from year to year, plus the year's shift,
mapped onto each question's scale (see `_draw`); the satisfaction survey draws from a
latent path model instead (`_draw_acsi`). Responses are written with bulk_create and
answers in one statement (`_insert_answers`), the fields set as `submit_response` sets them
(source "import"; photos are not made up), and only into a round without responses: a
later load leaves them, and the index published from them, as they are. The round's
`answers_revision` moves on once for the whole write.
"""

import csv
import datetime
import itertools
import json
import uuid
import zlib
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook
from pypinyin import lazy_pinyin
from scipy.special import ndtr

import qualitymonth.surveys
from qualitymonth.core.chinese import to_traditional
from qualitymonth.demo.award_sections import _moment, _user, load_award_people
from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.organizations.data import DISTRICTS_GEOJSON
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.surveys import xlsform
from qualitymonth.surveys.models import (
    Answer,
    Direction,
    Evaluation,
    IndexRun,
    IndicatorSystem,
    Industry,
    Instrument,
    Level,
    Node,
    Normalisation,
    QuestionType,
    Response,
    Site,
    SiteKind,
    Source,
    UnitOfAnalysis,
    Weighting,
)
from qualitymonth.surveys.models import Round as SurveyRound
from qualitymonth.surveys.satisfaction import carries_items
from qualitymonth.surveys.services.indices import compute_index, publish_run
from qualitymonth.surveys.services.instrument_editor import CHOICE_COLUMNS, SURVEY_COLUMNS
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.services.responses import clean_answers, item_ranges
from qualitymonth.surveys.services.satisfaction import compute_satisfaction
from qualitymonth.surveys.weights import check_weights_sum, consistent_ahp

DATA = Path(qualitymonth.surveys.__file__).parent / "data"
CLIENT_IDS = uuid.UUID("6f1c52a4-2b7e-4c59-9a51-0d3e8f4b7c21")  # namespace of demo client ids
CHECKED = 25  # responses of each round run through the form's own checks
BATCH = 2000

# The evaluations' specs, kept for the rounds (answers follow the evaluation's model).
SPECS: dict[str, dict] = {}


# --- reference data --------------------------------------------------------------------


def _table(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


STREET_SUFFIXES = (
    ("街道", "Subdistrict"),
    ("新镇", "New Town"),
    ("镇", "Town"),
    ("乡", "Township"),
)
# Characters pypinyin reads the other way in these place names (长桥 Changqiao, 重固 Chonggu).
PINYIN_FIXES = {"长": "chang", "重": "chong"}


def street_name_en(name: str) -> str:
    """Pinyin of the place name and the kind of division: 外滩街道 → Waitan Subdistrict."""
    stem, word = name, ""
    for suffix, english in STREET_SUFFIXES:
        if name.endswith(suffix):
            stem, word = name[: -len(suffix)], english
            break
    syllables = lazy_pinyin(stem, v_to_u=True)
    if len(syllables) == len(stem):
        syllables = [PINYIN_FIXES.get(char, s) for char, s in zip(stem, syllables, strict=True)]
    return f"{''.join(syllables).capitalize()} {word}".strip()


def _street_units(rows: list[dict]) -> list[tuple[dict, Unit | None]]:
    """Each row of the streets table with its unit: street-<code>, or the unit of that name."""
    units = {unit.key: unit for unit in Unit.objects.filter(kind=UnitKind.STREET)}
    by_name = {unit.name: unit for unit in units.values()}
    return [
        (line, units.get(f"street-{line['code']}") or by_name.get(line["name"])) for line in rows
    ]


@section("survey_streets")
def load_streets(rows: list[dict]) -> Counter:
    counts = Counter()
    districts = {u.division_code: u for u in Unit.objects.filter(kind=UnitKind.DISTRICT)}
    for row in rows:
        for line, unit in _street_units(_table(row["file"])):
            district = districts.get(line["district_code"])
            if district is None:
                raise FixtureError(f"{row['file']}: no district unit {line['district_code']}")
            key = f"street-{line['code']}"
            if unit is not None and unit.key != key:
                # Defined by name in 010_units.yaml: used as it is.
                if unit.parent_id != district.pk:
                    raise FixtureError(f"{unit.key}: {line['name']} is not under {district.key}")
                counts["unchanged"] += 1
                continue
            values = {
                "kind": UnitKind.STREET,
                "parent": district,
                "district": district,
                "name": line["name"],
                "name_zh_hant": to_traditional(line["name"]),
                "name_en": street_name_en(line["name"]),
                "division_code": line["code"],
            }
            save_if_changed(Unit, {"key": key}, values, counts)
    return counts


@section("survey_industries")
def load_industries(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        for line in _table(row["file"]):
            values = {
                "name": line["name"],
                "name_zh_hant": line["name_zh_hant"] or to_traditional(line["name"]),
                "name_en": line["name_en"],
                "public_service": line["public_service"] == "yes",
            }
            save_if_changed(Industry, {"key": line["key"]}, values, counts)
    return counts


@section("survey_people")
def load_survey_people(rows: list[dict]) -> Counter:
    return load_award_people(rows)


# --- evaluations: system, instrument, frame ---------------------------------------------


@section("survey_evaluations")
def load_evaluations(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = _user("secretariat")
    for row in rows:
        evaluation = save_if_changed(
            Evaluation,
            {"key": row["key"]},
            {
                "name": row["name"],
                "name_zh_hant": to_traditional(row["name"]),
                "name_en": row.get("name_en", ""),
                "description": row.get("description", ""),
                "unit_of_analysis": row["unit_of_analysis"],
                "is_demo": True,
            },
            counts,
        )
        system = _load_system(evaluation, row["system"], counts)
        _load_instrument(evaluation, system, row["instrument"], secretariat, counts)
        if row.get("frame"):
            _load_frame(evaluation, row["frame"], row["model"], counts)
        SPECS[evaluation.key] = row
    return counts


def _matrix(rows) -> list[list[float]] | None:
    """Pairwise comparisons as the fixture writes them (1/3 as a fraction), as floats."""
    if not rows:
        return None
    return [[float(Fraction(str(value))) for value in row] for row in rows]


def _load_system(evaluation: Evaluation, spec: dict, counts: Counter) -> IndicatorSystem:
    weighting = spec.get("weighting", Weighting.MANUAL)
    matrix = _matrix(spec.get("ahp_matrix"))
    system = save_if_changed(
        IndicatorSystem,
        {"evaluation": evaluation, "version": spec["version"]},
        {"note": spec.get("note", ""), "weighting": weighting, "ahp_matrix": matrix},
        counts,
    )
    _load_nodes(system, None, spec["nodes"], (weighting, matrix), itertools.count(1), counts)
    return system


def _sibling_weights(specs: list[dict], weighting: str, matrix, group: str) -> list[Decimal]:
    """The weights stored on siblings: AHP's (as `set_ahp` stores them), equal, or by hand."""
    try:
        if weighting == Weighting.AHP:
            result = consistent_ahp(matrix)
            if len(result.weights) != len(specs):
                raise FixtureError(f"{group}: compare every pair of the {len(specs)} children")
            return [Decimal(str(round(weight, 6))) for weight in result.weights]
        if weighting == Weighting.EQUAL:
            return [Decimal(str(round(1 / len(specs), 6)))] * len(specs)
        weights = {spec["code"]: Decimal(str(spec["weight"])) for spec in specs}
        check_weights_sum(weights, group=group)
        return list(weights.values())
    except ValidationError as error:
        raise FixtureError(f"{group}: {error.messages[0]}") from None


def _load_nodes(system, parent, specs, weighting, position, counts: Counter) -> None:
    group = parent.code if parent else f"{system}: the dimensions"
    weights = _sibling_weights(specs, *weighting, group)
    for spec, weight in zip(specs, weights, strict=True):
        children = spec.get("children") or []
        level = Level.INDICATOR if parent else Level.DIMENSION
        if not children:
            level = Level.ITEM
        low, high = spec.get("scale", [0, 1])
        own = (spec.get("weighting", Weighting.MANUAL), _matrix(spec.get("ahp_matrix")))
        values = {
            "parent": parent,
            "level": level,
            "name": spec["name"],
            "name_zh_hant": to_traditional(spec["name"]),
            "name_en": spec.get("name_en", ""),
            "position": next(position),
            "weight": weight,
            "weighting": own[0],
            "ahp_matrix": own[1],
            "direction": spec.get("direction", Direction.HIGHER),
            "normalisation": spec.get("normalisation", Normalisation.GOALPOSTS),
            "scale_min": float(low),
            "scale_max": float(high),
            "target": spec.get("target"),
        }
        node = save_if_changed(Node, {"system": system, "code": spec["code"]}, values, counts)
        if children:
            _load_nodes(system, node, children, own, position, counts)


# The fixture's English texts (`label_en`, …) → the XLSForm's English columns.
ENGLISH_COLUMNS = {
    f"{column}_en": f"{column}::English (en)"
    for column in ("label", "hint", "constraint_message", "required_message")
}


def xlsform_bytes(spec: dict) -> bytes:
    """The instrument as an XLSForm workbook: survey, choices and settings sheets; the plain
    columns are the Chinese of the form, the `::English (en)` ones its English."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    english = [key for key in ENGLISH_COLUMNS if any(q.get(key) for q in spec["questions"])]
    survey.append(SURVEY_COLUMNS + [ENGLISH_COLUMNS[key] for key in english])
    for question in spec["questions"]:
        cells = [question.get(column) for column in SURVEY_COLUMNS + english]
        survey.append(["yes" if cell is True else cell for cell in cells])
    choices = book.create_sheet("choices")
    choices.append([*CHOICE_COLUMNS, "label::English (en)"])
    for list_name, options in (spec.get("choices") or {}).items():
        for name, label, score, *label_en in options:
            score = None if score == "" else score
            choices.append([list_name, str(name), label, score, *label_en[:1]])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([spec["title"], spec["form_id"], "1"])
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _load_instrument(evaluation, system, spec: dict, actor, counts: Counter) -> None:
    items = set(system.nodes.filter(level=Level.ITEM).values_list("code", flat=True))
    unknown = {q["indicator"] for q in spec["questions"] if q.get("indicator")} - items
    if unknown:
        raise FixtureError(f"{spec['title']}: no items {sorted(unknown)} in {system}")
    existing = Instrument.objects.filter(evaluation=evaluation, title=spec["title"]).first()
    if existing is not None:
        counts["unchanged"] += 1
        _add_languages(existing, spec, counts)
        return
    upload = SimpleUploadedFile(spec["file"], xlsform_bytes(spec))
    try:
        instrument = create_instrument(
            evaluation=evaluation,
            kind=spec["kind"],
            title=spec["title"],
            upload=upload,
            actor=actor,
        )
    except ValidationError as error:
        raise FixtureError(f"{spec['file']}: {error.messages}") from None
    counts["created"] += 1 + instrument.questions.count()


def _add_languages(instrument: Instrument, spec: dict, counts: Counter) -> None:
    """A form loaded before the demo had English gets it; its Chinese, scores and answers are
    left as they are."""
    _definition, parsed = xlsform.parse(xlsform_bytes(spec), spec["file"])
    wanted = {q.name: q for q in parsed}
    for question in instrument.questions.all():
        given = wanted.get(question.name)
        if given is None:
            counts["unchanged"] += 1
            continue
        labels = {c["name"]: c.get("labels") for c in given.choices}
        choices = [
            {**c, "labels": labels[c["name"]]} if labels.get(c["name"]) else c
            for c in question.choices
        ]
        if question.translations == given.translations and choices == question.choices:
            counts["unchanged"] += 1
            continue
        question.translations, question.choices = given.translations, choices
        question.save(update_fields=["translations", "choices"])
        counts["updated"] += 1


def _rng(seed: int, *labels: str) -> np.random.Generator:
    """A generator of its own for each purpose, so that one draw never shifts another."""
    return np.random.default_rng([seed, *(zlib.crc32(label.encode()) for label in labels)])


def _district_rings() -> dict[str, list[np.ndarray]]:
    """Each district's outline rings (longitude, latitude) from the shipped boundaries."""
    rings = {}
    for feature in json.loads(DISTRICTS_GEOJSON.read_text(encoding="utf-8"))["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        name = feature["properties"]["name"]
        rings[name] = [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]
    return rings


def _inside(points: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Even-odd rule over all rings, so holes and islands count right."""
    x, y = points[:, 0:1], points[:, 1:2]
    inside = np.zeros(len(points), dtype=bool)
    for ring in rings:
        x1, y1 = ring[:-1, 0], ring[:-1, 1]
        x2, y2 = ring[1:, 0], ring[1:, 1]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= (crosses & (x < at)).sum(axis=1) % 2 == 1
    return inside


def _locations(names: list[str], rng: np.random.Generator) -> list[tuple[float, float]]:
    """A point inside its district for each site (the demo frame has no surveyed addresses)."""
    rings = _district_rings()
    found: dict[str, list] = {}
    wanted = Counter(names)
    for name in sorted(wanted):
        outline = rings[name]
        low = np.min([r.min(axis=0) for r in outline], axis=0)
        high = np.max([r.max(axis=0) for r in outline], axis=0)
        points: list = []
        while len(points) < wanted[name]:
            candidates = rng.uniform(low, high, size=(256, 2))
            points.extend(candidates[_inside(candidates, outline)].tolist())
        found[name] = points
    taken = Counter()
    located = []
    for name in names:
        lon, lat = found[name][taken[name]]
        taken[name] += 1
        located.append((round(lat, 6), round(lon, 6)))
    return located


def _frame_rows(evaluation: Evaluation, spec: dict, model: dict) -> list[dict]:
    """The sites or enterprises of the frame, the same on every load."""
    rng = _rng(model["seed"], "frame")
    streets = [unit for _line, unit in _street_units(_table("shanghai_streets.csv"))]
    if None in streets:
        raise FixtureError(f"{evaluation.key}: load survey_streets before the frame")
    districts = {u.pk: u for u in Unit.objects.filter(kind=UnitKind.DISTRICT)}
    count = spec["sites"]
    if spec["kind"] == SiteKind.SITE:
        # Every street gets at least five sites; the rest go to streets at random.
        minimum = 5
        extra = rng.multinomial(count - minimum * len(streets), [1 / len(streets)] * len(streets))
        placed = [s for s, n in zip(streets, extra + minimum, strict=True) for _ in range(n)]
        industries = list(Industry.objects.order_by("key"))
        weights = np.array([2.0 if i.public_service else 1.0 for i in industries])
        chosen = rng.choice(len(industries), size=count, p=weights / weights.sum())
        # Every industry appears: the first sites of a random order take one each.
        chosen[rng.permutation(count)[: len(industries)]] = np.arange(len(industries))
        kinds = [(industries[i], "") for i in chosen]
        prefix = "W"
    else:
        # Enterprises over the districts in proportion to their streets and towns.
        placed = [streets[i] for i in rng.choice(len(streets), size=count)]
        sectors = spec["sectors"]
        kinds = [(None, sectors[i]) for i in rng.integers(len(sectors), size=count)]
        prefix = "E"
    rows = []
    for number, (street, (industry, sector)) in enumerate(zip(placed, kinds, strict=True), 1):
        district = districts[street.parent_id]
        name = spec["name"].format(
            street=street.name,
            district=district.name,
            industry=industry.name if industry else "",
            sector=sector,
            number=number,
        )
        rows.append(
            {
                "code": f"{prefix}{number:04d}",
                "kind": spec["kind"],
                "name": name,
                "district_id": district.pk,
                "street_id": street.pk,
                "industry_id": industry.pk if industry else None,
                "is_demo": True,
            }
        )
    names = [districts[street.parent_id].name for street in placed]
    for row, (lat, lon) in zip(
        rows, _locations(names, _rng(model["seed"], "locations")), strict=True
    ):
        row["latitude"], row["longitude"] = lat, lon
    return rows


def _load_frame(evaluation: Evaluation, spec: dict, model: dict, counts: Counter) -> None:
    """Sites written in bulk, each compared with the stored one (thousands of rows)."""
    existing = {site.code: site for site in Site.objects.filter(evaluation=evaluation)}
    new, changed, fields = [], [], set()
    for row in _frame_rows(evaluation, spec, model):
        site = existing.get(row["code"])
        if site is None:
            new.append(Site(evaluation=evaluation, **row))
            continue
        different = [field for field, value in row.items() if getattr(site, field) != value]
        if different:
            for field in different:
                setattr(site, field, row[field])
            changed.append(site)
            fields.update(different)
        else:
            counts["unchanged"] += 1
    Site.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Site.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
    counts["created"] += len(new)
    counts["updated"] += len(changed)


# --- rounds: answers and indices ---------------------------------------------------------


@section("survey_rounds")
def load_rounds(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = _user("secretariat")
    for row in rows:
        evaluation = Evaluation.objects.filter(key=row["evaluation"]).first()
        if evaluation is None or evaluation.key not in SPECS:
            raise FixtureError(f"unknown evaluation {row['evaluation']!r} (survey_evaluations)")
        system = evaluation.systems.filter(version=row["system"]).first()
        instrument = evaluation.instruments.filter(title=row["instrument"]).first()
        if system is None or instrument is None:
            raise FixtureError(f"{evaluation.key} {row['year']}: unknown system or instrument")
        round_ = save_if_changed(
            SurveyRound,
            {"evaluation": evaluation, "year": row["year"]},
            {"system": system, "instrument": instrument, "status": row["status"], "is_demo": True},
            counts,
        )
        if row.get("public_link") and round_.public_link is None:
            round_.open_public_link()
            round_.save(update_fields=["public_link"])
        round_.inspectors.add(*[_user(username) for username in row.get("inspectors", [])])
        stored = round_.responses.count()
        if stored:
            counts["unchanged"] += stored + Answer.objects.filter(round=round_).count()
        else:
            _write_responses(round_, SPECS[evaluation.key], row["responses"], counts)
        if row.get("publish"):
            _publish(round_, row["publish"], secretariat, counts)
        if carries_items(round_):
            # The satisfaction page shows the model as stored: estimated once, as the
            # secretariat's action does (the same answers give back the stored run).
            compute_satisfaction(round_=round_, actor=secretariat)
    return counts


def _publish(round_: SurveyRound, spec: dict, actor, counts: Counter) -> None:
    """Computed and published through the services, at the fixture's dates; once."""
    published = round_.runs.filter(published_at__isnull=False).first()
    if published is not None:
        counts["unchanged"] += 1 + published.results.count()
        return
    round_.refresh_from_db()
    run = publish_run(run=compute_index(round_=round_, actor=actor), actor=actor)
    published_at = _moment(spec["published_at"])
    IndexRun.objects.filter(pk=run.pk).update(
        created_at=_moment(spec["computed_at"]), published_at=published_at
    )
    IndicatorSystem.objects.filter(pk=round_.system_id, frozen_at__gt=published_at).update(
        frozen_at=published_at
    )
    counts["created"] += 1 + run.results.count()


def _working_moments(rng, between: list, size: int) -> list[datetime.datetime]:
    """Times on working days (Monday to Friday, 9:00-17:00) within the round's window."""
    first, last = (datetime.date.fromisoformat(str(day)) for day in between)
    days = [
        first + datetime.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + datetime.timedelta(days=n)).weekday() < 5
    ]
    picked = rng.integers(len(days), size=size)
    minutes = rng.integers(9 * 60, 17 * 60, size=size)
    return [
        timezone.make_aware(
            datetime.datetime.combine(days[d], datetime.time(int(m) // 60, int(m) % 60))
        )
        for d, m in zip(picked, minutes, strict=True)
    ]


def _effects(rng, keys, sd: float) -> dict:
    """One normal effect per key, drawn in the keys' sorted order."""
    keys = sorted(set(keys))
    return dict(zip(keys, rng.normal(0.0, sd, len(keys)) if sd else [0.0] * len(keys), strict=True))


def _respondents(round_: SurveyRound, spec: dict, model: dict, rng) -> list[dict]:
    """Who answers: the frame's sites in code order, or respondents of a district and industry."""
    evaluation = round_.evaluation
    if evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        second = spec.get("second_visit", 1.0)
        people = []
        sites = Site.objects.filter(evaluation=evaluation).order_by("code")
        for site in sites.values(
            "pk",
            "code",
            "district_id",
            "district__key",
            "street_id",
            "street__key",
            "industry_id",
            "industry__key",
        ):
            visits = spec["per_site"]
            if visits > 1 and rng.random() >= second:
                visits -= 1
            people += [site] * visits
        return people
    streets = [unit for _line, unit in _street_units(_table("shanghai_streets.csv"))]
    districts = {u.pk: u for u in Unit.objects.filter(kind=UnitKind.DISTRICT)}
    # Districts in proportion to their streets and towns.
    homes = [
        districts[streets[i].parent_id] for i in rng.choice(len(streets), size=spec["respondents"])
    ]
    if model.get("kind") == "acsi":
        industries = [None] * len(homes)
    else:
        public = list(Industry.objects.filter(public_service=True).order_by("key"))
        industries = [public[i % len(public)] for i in range(len(homes))]
    return [
        {
            "pk": None,
            "code": f"R{n:04d}",
            "district_id": home.pk,
            "district__key": home.key,
            "street_id": None,
            "street__key": None,
            "industry_id": industry.pk if industry else None,
            "industry__key": industry.key if industry else None,
        }
        for n, (home, industry) in enumerate(zip(homes, industries, strict=True), 1)
    ]


def _latent(people: list[dict], model: dict, spec: dict, year: int) -> np.ndarray:
    """Each response's latent quality: lasting effects, the year's shift, the visit's noise."""
    sd = model["sd"]
    lasting = _rng(model["seed"], "effects")
    effects = {
        part: _effects(lasting, [p[f"{part}__key"] for p in people if p[f"{part}__key"]], sd[part])
        for part in ("district", "street", "industry")
    }
    units = _effects(lasting, [p["code"] for p in people], sd["unit"])
    shift = spec.get("shift") or {}
    yearly = _rng(model["seed"], "shift", str(year))
    shifts = {
        part: _effects(
            yearly, [p[f"{part}__key"] for p in people if p[f"{part}__key"]], shift.get(part, 0)
        )
        for part in ("district", "industry")
    }
    changes = _effects(yearly, [p["code"] for p in people], shift.get("unit", 0))
    level = model["level"] + shift.get("mean", 0.0)
    latent = np.array(
        [
            level
            + units[p["code"]]
            + changes[p["code"]]
            + sum(effects[part].get(p[f"{part}__key"], 0.0) for part in effects)
            + sum(shifts[part].get(p[f"{part}__key"], 0.0) for part in shifts)
            for p in people
        ]
    )
    return latent + _rng(model["seed"], "visits", str(year)).normal(0.0, sd["visit"], len(people))


def _draw(questions, nodes, model: dict, latent: np.ndarray, rng) -> dict:
    """Answers per question name: (values, texts, answered) over the responses.

    An item's answer is its latent y = quality + the item's difficulty + noise, through the
    normal distribution function onto the item's scale: the choices in order of score, a
    whole number on the goalposts, or for a lower-is-better number a skewed share of them.
    """
    size = len(latent)
    difficulty = _rng(model["seed"], "difficulty")
    columns = {}
    for question in questions:
        hint = question.demo
        answered = rng.random(size) < hint.get("share", 1.0)
        if question.scored:
            node = nodes[question.indicator_code]
            ease = difficulty.normal(0.0, model["sd"]["difficulty"])
            u = ndtr(latent + ease + rng.normal(0.0, model["sd"]["item"], size))
            if question.type == QuestionType.SELECT_ONE:
                options = sorted(question.choices, key=lambda c: c["score"])
                picked = np.minimum((u * len(options)).astype(int), len(options) - 1)
                values = [options[i]["score"] for i in picked]
                texts = [options[i]["name"] for i in picked]
            else:
                share = (1 - u) ** 2 if node.direction == Direction.LOWER else u
                numbers = np.rint(node.scale_min + share * (node.scale_max - node.scale_min))
                values, texts = numbers.tolist(), [""] * size
        elif question.type == QuestionType.SELECT_ONE and "sample" in hint:
            names = list(hint["sample"])
            odds = np.array([hint["sample"][name] for name in names], dtype=float)
            picked = rng.choice(len(names), size=size, p=odds / odds.sum())
            scores = {c["name"]: c["score"] for c in question.choices}
            texts = [names[i] for i in picked]
            values = [scores[text] for text in texts]
        elif question.type == QuestionType.TEXT and "sample" in hint:
            phrases = hint["sample"]
            texts = [phrases[i] for i in rng.integers(len(phrases), size=size)]
            values = [None] * size
        else:
            continue  # notes, photos (none in demo data), and questions left unanswered
        columns[question.name] = (values, texts, answered)
    return columns


def _draw_acsi(questions, nodes, model: dict, size: int, rng) -> dict:
    """Answers from the latent path model: each latent from its antecedents, items from it."""
    latents: dict[str, np.ndarray] = {}
    paths = model["paths"]
    blocks = [code for code, node in nodes.items() if node.level == Level.DIMENSION]
    for code in blocks:
        causes = paths.get(code, {})
        mean = sum((weight * latents[cause] for cause, weight in causes.items()), np.zeros(size))
        noise_sd = np.sqrt(max(1.0 - mean.var(), 0.2)) if causes else 1.0
        latents[code] = mean + noise_sd * rng.standard_normal(size)
    parents = {node.pk: code for code, node in nodes.items()}
    columns = {}
    for question in questions:
        if not question.scored:
            continue
        node = nodes[question.indicator_code]
        loading = model["loadings"][node.code]
        item = loading * latents[parents[node.parent_id]]
        item = item + np.sqrt(1 - loading**2) * rng.standard_normal(size)
        centre = model["centre"].get(node.code, model["centre"]["default"])
        numbers = np.clip(np.rint(centre + model["spread"] * item), node.scale_min, node.scale_max)
        columns[question.name] = (numbers.tolist(), [""] * size, np.ones(size, dtype=bool))
    return columns


def _skip(questions, columns: dict) -> None:
    """Questions whose `relevant` does not hold keep no answer, as in `clean_answers`."""
    for question in questions:
        if not question.relevant or question.name not in columns:
            continue
        names = sorted(set(xlsform.VARIABLE.findall(question.relevant)))
        seen: dict[tuple, bool] = {}
        answered = columns[question.name][2]
        for i in np.flatnonzero(answered):
            given = tuple(_text_of(columns, name, i) for name in names)
            if given not in seen:
                seen[given] = xlsform.evaluate(
                    question.relevant, answers=dict(zip(names, given, strict=True))
                )
            answered[i] = seen[given]


def _text_of(columns: dict, name: str, i: int) -> str:
    if name not in columns or not columns[name][2][i]:
        return ""
    values, texts, _answered = columns[name]
    if texts[i]:
        return texts[i]
    return "" if values[i] is None else f"{values[i]:g}"


def _write_responses(round_: SurveyRound, evaluation_spec: dict, spec: dict, counts) -> None:
    model = evaluation_spec["model"]
    rng = _rng(model["seed"], "answers", str(round_.year))
    questions = list(round_.instrument.questions.order_by("position"))
    hints = {q["name"]: q for q in evaluation_spec["instrument"]["questions"]}
    for question in questions:
        question.demo = hints.get(question.name, {})
    nodes = {node.code: node for node in round_.system.nodes.all()}
    people = _respondents(round_, spec, model, rng)
    if model.get("kind") == "acsi":
        columns = _draw_acsi(questions, nodes, model, len(people), rng)
    else:
        columns = _draw(questions, nodes, model, _latent(people, model, spec, round_.year), rng)
    _skip(questions, columns)
    _check(round_, questions, columns)
    moments = _working_moments(rng, spec["between"], len(people))
    key = f"{round_.evaluation.key}/{round_.year}"
    responses = Response.objects.bulk_create(
        [
            Response(
                round=round_,
                client_id=uuid.uuid5(CLIENT_IDS, f"{key}/{n}"),
                site_id=person["pk"],
                district_id=person["district_id"],
                street_id=person["street_id"],
                industry_id=person["industry_id"],
                source=Source.IMPORT,
                submitted_at=moment,
                is_demo=True,
            )
            for n, (person, moment) in enumerate(zip(people, moments, strict=True), 1)
        ],
        batch_size=BATCH,
    )
    answered = [(q, *columns[q.name]) for q in questions if q.name in columns]
    answers = [
        (response.pk, round_.pk, response.site_id, question.pk, values[i], texts[i])
        for i, response in enumerate(responses)
        for question, values, texts, present in answered
        if present[i]
    ]
    _insert_answers(answers)
    # One write of the round's answers: its revision moves on once, as the model asks.
    SurveyRound.objects.filter(pk=round_.pk).update(answers_revision=F("answers_revision") + 1)
    counts["created"] += len(responses) + len(answers)


def _insert_answers(rows: list[tuple]) -> None:
    """The answers' rows as `bulk_create` would write them, without a model instance each.

    bulk_create prepares every value of every row in Python, which takes ten times as long as
    the insert itself for the demo's 200,000 answers (and the demo is loaded by every demo
    test); the rows go in as one statement, through COPY on PostgreSQL as `_store_results`
    writes index results.
    """
    fields = ("response", "round", "site", "question", "value", "text")
    columns = ", ".join(Answer._meta.get_field(field).column for field in fields)
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _check(round_: SurveyRound, questions, columns: dict) -> None:
    """The first responses go through the form's own checks: drawn answers a form accepts."""
    ranges = item_ranges(round_)
    size = len(next(iter(columns.values()))[0]) if columns else 0
    for i in range(min(CHECKED, size)):
        raw = {name: _text_of(columns, name, i) for name in columns if columns[name][2][i]}
        _cleaned, errors = clean_answers(questions, raw, ranges)
        if errors:
            raise FixtureError(f"{round_}: drawn answers refused by the form: {errors}")
