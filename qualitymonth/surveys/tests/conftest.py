"""Survey fixtures: a small evaluation whose numbers can be checked by hand."""

import io
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.surveys.models import (
    Direction,
    Evaluation,
    IndicatorSystem,
    InstrumentKind,
    Level,
    Node,
    Normalisation,
    Round,
    RoundStatus,
    Site,
    SiteKind,
    Source,
)
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.services.responses import submit_response

SURVEY_HEADER = [
    "type",
    "name",
    "label",
    "required",
    "constraint",
    "constraint_message",
    "relevant",
    "indicator",
]
# A checklist: A scored 0–10, B a queue 1–5 (lower is better), C a count, an optional photo.
CHECKLIST = [
    ["integer", "a", "整洁程度", "yes", ". >= 0 and . <= 10", "0到10分", "", "A"],
    ["select_one q", "b", "排队情况", "yes", "", "", "", "B"],
    ["decimal", "c", "便民设施数", "yes", ". >= 0", "", "", "C"],
    ["select_one yn", "issue", "是否发现问题", "", "", "", "", ""],
    ["text", "issue_note", "问题说明", "yes", "", "", "${issue} = 'yes'", ""],
    ["image", "photo", "现场照片", "", "", "", "", ""],
]
CHOICES = [
    ["q", "1", "无需排队", 1],
    ["q", "2", "较短", 2],
    ["q", "3", "一般", 3],
    ["q", "4", "较长", 4],
    ["q", "5", "很长", 5],
    ["yn", "yes", "是", ""],
    ["yn", "no", "否", ""],
]


def xlsform_bytes(survey=CHECKLIST, choices=CHOICES, header=SURVEY_HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(header)
    for row in survey:
        sheet.append(row)
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label", "score"])
    for row in choices:
        choice_sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def xlsform_upload(**kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile("checklist.xlsx", xlsform_bytes(**kwargs))


@pytest.fixture
def districts(db):
    return {
        "x": make_unit(kind=UnitKind.DISTRICT, key="district-x", name="甲区"),
        "y": make_unit(kind=UnitKind.DISTRICT, key="district-y", name="乙区"),
    }


@pytest.fixture
def evaluation(db):
    return Evaluation.objects.create(key="civility", name="文明指数测评")


def build_system(evaluation, *, version=1) -> IndicatorSystem:
    """D1 (0.6) → I1 → A (0.5, 0–10) and B (0.5, 1–5, lower is better); D2 (0.4) → I2 → C."""
    system = IndicatorSystem.objects.create(evaluation=evaluation, version=version)
    d1 = Node.objects.create(
        system=system,
        level=Level.DIMENSION,
        code="D1",
        name="环境",
        weight=Decimal("0.6"),
        position=1,
    )
    d2 = Node.objects.create(
        system=system,
        level=Level.DIMENSION,
        code="D2",
        name="设施",
        weight=Decimal("0.4"),
        position=2,
    )
    i1 = Node.objects.create(
        system=system,
        parent=d1,
        level=Level.INDICATOR,
        code="I1",
        name="秩序",
        weight=1,
        position=1,
    )
    i2 = Node.objects.create(
        system=system,
        parent=d2,
        level=Level.INDICATOR,
        code="I2",
        name="便民",
        weight=1,
        position=2,
    )
    Node.objects.create(
        system=system,
        parent=i1,
        level=Level.ITEM,
        code="A",
        name="整洁",
        weight=Decimal("0.5"),
        scale_min=0,
        scale_max=10,
        position=1,
    )
    Node.objects.create(
        system=system,
        parent=i1,
        level=Level.ITEM,
        code="B",
        name="排队",
        weight=Decimal("0.5"),
        scale_min=1,
        scale_max=5,
        direction=Direction.LOWER,
        position=2,
    )
    Node.objects.create(
        system=system,
        parent=i2,
        level=Level.ITEM,
        code="C",
        name="设施数",
        weight=1,
        normalisation=Normalisation.MINMAX,
        scale_min=0,
        scale_max=1000,
        position=3,
    )
    return system


@pytest.fixture
def system(evaluation):
    return build_system(evaluation)


@pytest.fixture
def inspector(db):
    return make_person("inspector-1", unit=make_unit(), role=Role.INSPECTOR)


@pytest.fixture
def other_inspector(db):
    return make_person("inspector-2", unit=make_unit(), role=Role.INSPECTOR)


def collecting_round(system, instrument, *, year=2026, inspectors=()) -> Round:
    """A round of the system's evaluation, open for answers, with its inspectors."""
    round_ = Round.objects.create(
        evaluation=system.evaluation,
        year=year,
        system=system,
        instrument=instrument,
        status=RoundStatus.COLLECTING,
    )
    round_.inspectors.add(*inspectors)
    return round_


@pytest.fixture
def survey_round(evaluation, system, secretariat, inspector):
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="窗口检查表",
        upload=xlsform_upload(),
        actor=secretariat,
    )
    return collecting_round(system, instrument, inspectors=[inspector])


@pytest.fixture
def sites(evaluation, districts):
    def site(code, district):
        return Site.objects.create(
            evaluation=evaluation,
            code=code,
            kind=SiteKind.SITE,
            name=f"点位{code}",
            district=district,
        )

    return {
        "s1": site("S1", districts["x"]),
        "s2": site("S2", districts["x"]),
        "s3": site("S3", districts["y"]),
    }


def answer(round_, site, *, a, b, c, actor=None, client_id=None, **extra):
    response, _created = submit_response(
        round_=round_,
        client_id=client_id or uuid.uuid4(),
        answers={"a": str(a), "b": str(b), "c": str(c), **extra},
        actor=actor,
        source=Source.WEB,
        site=site,
    )
    return response


@pytest.fixture
def answered(survey_round, sites):
    """S1: A 8, B 2, C 10; S2: A 6 and 4, B 4, C 20; S3: A 10, B 1, C 30."""
    answer(survey_round, sites["s1"], a=8, b=2, c=10)
    answer(survey_round, sites["s2"], a=6, b=4, c=20)
    answer(survey_round, sites["s2"], a=4, b=4, c=20)
    answer(survey_round, sites["s3"], a=10, b=1, c=30)
    return survey_round
