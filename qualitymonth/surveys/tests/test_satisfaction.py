"""The satisfaction page: the PLS model estimated from a round's stored answers."""

import csv
import uuid
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.core.models import AuditEntry
from qualitymonth.surveys import pls
from qualitymonth.surveys.models import (
    IndicatorSystem,
    InstrumentKind,
    Level,
    Node,
    Response,
    Source,
)
from qualitymonth.surveys.models.results import SatisfactionRun
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.services.responses import submit_response, void_response
from qualitymonth.surveys.tests.conftest import collecting_round, xlsform_bytes
from tests.answers import assert_not_found

DATA = Path(__file__).parent / "data" / "acsi_sample.csv"


def sample() -> tuple[list[str], list[list[str]]]:
    with open(DATA, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def store_sample(evaluation, secretariat, rows_changed=None):
    """The 300 answers of the plspm reference sample, stored as responses on a 1–10 scale."""
    items, rows = sample()
    if rows_changed is not None:
        rows = rows_changed(items, rows)
    system = IndicatorSystem.objects.create(evaluation=evaluation, version=1)
    block = Node.objects.create(
        system=system, level=Level.DIMENSION, code="S", name="满意度", weight=1, position=1
    )
    parent = Node.objects.create(
        system=system, parent=block, level=Level.INDICATOR, code="SI", name="满意度", position=1
    )
    for position, code in enumerate(items, start=1):
        Node.objects.create(
            system=system,
            parent=parent,
            level=Level.ITEM,
            code=code,
            name=code,
            weight=Decimal(1) / len(items),
            scale_min=1,
            scale_max=10,
            position=position,
        )
    survey = [["integer", code, code, "yes", "", "", "", code] for code in items]
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.QUESTIONNAIRE,
        title="满意度问卷",
        upload=SimpleUploadedFile("acsi.xlsx", xlsform_bytes(survey=survey, choices=[])),
        actor=secretariat,
    )
    round_ = collecting_round(system, instrument)
    for row in rows:
        submit_response(
            round_=round_,
            client_id=uuid.uuid4(),
            answers=dict(zip(items, row, strict=True)),
            actor=None,
            source=Source.PUBLIC,
        )
    return round_


@pytest.fixture
def satisfaction_round(evaluation, secretariat):
    return store_sample(evaluation, secretariat)


def estimated(client, round_):
    """The secretariat's action: estimate the model once and store it."""
    return client.post(f"/surveys/manage/rounds/{round_.pk}/satisfaction/", follow=True)


def page_indices(client, round_) -> dict[str, str]:
    page = client.get(f"/surveys/rounds/{round_.pk}/satisfaction/").content.decode()
    found = {}
    for name in pls.ACSI.blocks:
        marker = f'data-testid="latent-{name}"><td>'
        start = page.index(marker) + len(marker)
        cells = page[start:].split("</tr>", 1)[0].split("</td><td>")
        found[name] = (cells[0], cells[1])
    return found


def test_the_page_shows_the_indices_plspm_gives_for_the_same_answers(
    client, satisfaction_round, secretariat
):
    items, rows = sample()
    expected = pls.estimate(np.array(rows, dtype=float), items, pls.ACSI, scheme="path").index(
        1, 10
    )
    client.force_login(secretariat)
    estimated(client, satisfaction_round)
    shown = page_indices(client, satisfaction_round)
    assert shown["SAT"][0] == "顾客满意度"
    assert {name: value for name, (_label, value) in shown.items()} == {
        name: f"{expected[name]:.1f}" for name in pls.ACSI.blocks
    }


def test_a_response_set_aside_leaves_the_model_when_it_is_estimated_again(
    client, satisfaction_round, secretariat
):
    client.force_login(secretariat)
    estimated(client, satisfaction_round)
    before = page_indices(client, satisfaction_round)
    lowest = Response.objects.filter(round=satisfaction_round).order_by("pk")[1]
    void_response(response=lowest, actor=secretariat, reason="重复作答")
    # The page shows what was estimated; it does not estimate again on its own.
    page = client.get(f"/surveys/rounds/{satisfaction_round.pk}/satisfaction/").content.decode()
    assert "300" in page and page_indices(client, satisfaction_round) == before
    page = estimated(client, satisfaction_round).content.decode()
    assert "299" in page and "300" not in page
    assert page_indices(client, satisfaction_round) != before


def test_the_page_reads_the_stored_model_and_estimates_nothing(
    client, satisfaction_round, secretariat
):
    client.force_login(secretariat)
    page = client.get(f"/surveys/rounds/{satisfaction_round.pk}/satisfaction/").content.decode()
    assert "模型尚未估计" in page
    assert not SatisfactionRun.objects.exists()
    estimated(client, satisfaction_round)
    for _ in range(2):
        client.get(f"/surveys/rounds/{satisfaction_round.pk}/satisfaction/")
    run = SatisfactionRun.objects.get()
    assert run.respondents == 300 and run.scaled
    assert AuditEntry.objects.filter(action="surveys.satisfaction.compute").count() == 1
    # Estimating again on the same answers gives back the stored run.
    estimated(client, satisfaction_round)
    assert SatisfactionRun.objects.count() == 1


def test_the_round_may_ask_for_unstandardised_estimation(client, satisfaction_round, secretariat):
    items, rows = sample()
    expected = pls.estimate(
        np.array(rows, dtype=float), items, pls.ACSI, scheme="path", scaled=False
    ).index(1, 10)
    client.force_login(secretariat)
    client.post(
        f"/surveys/manage/rounds/{satisfaction_round.pk}/edit/",
        {"system": satisfaction_round.system_id, "instrument": satisfaction_round.instrument_id},
    )
    satisfaction_round.refresh_from_db()
    assert satisfaction_round.pls_scaled is False
    page = estimated(client, satisfaction_round).content.decode()
    assert "仅中心化" in page
    assert SatisfactionRun.objects.get().scaled is False
    assert {
        name: value for name, (_label, value) in page_indices(client, satisfaction_round).items()
    } == {name: f"{expected[name]:.1f}" for name in pls.ACSI.blocks}


def test_a_negative_outer_weight_is_named_and_its_index_withheld(evaluation, client, secretariat):
    def reverse_loy2(items, rows):
        at = items.index("loy2")
        return [[*row[:at], str(11 - int(row[at])), *row[at + 1 :]] for row in rows]

    round_ = store_sample(evaluation, secretariat, reverse_loy2)
    client.force_login(secretariat)
    page = estimated(client, round_).content.decode()
    warning = page.split('data-testid="negative-weight">', 1)[1].split("</p>", 1)[0]
    assert "loy2" in warning and "顾客忠诚" in warning
    assert page_indices(client, round_)["LOY"][1] == "—"
    assert SatisfactionRun.objects.get().negative_weights == [{"item": "loy2", "latent": "LOY"}]


def test_an_unpublished_model_is_hidden_from_the_public(client, satisfaction_round):
    reply = client.get(f"/surveys/rounds/{satisfaction_round.pk}/satisfaction/")
    assert_not_found(reply, satisfaction_round.evaluation.name)
