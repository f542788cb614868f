"""The indicator system page, as the secretariat reads it and saves weights from two tabs."""

from decimal import Decimal

import pytest

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.surveys.models import Node, Weighting


def test_the_system_page_names_each_weighting_in_chinese(client, system, secretariat):
    system.weighting = Weighting.EQUAL
    system.save(update_fields=["weighting"])
    client.force_login(secretariat)
    page = client.get(f"/surveys/manage/systems/{system.pk}/").content.decode()
    shown = page.split('data-testid="weighting">', 1)[1].split("</small>", 1)[0]
    assert shown == "等权重"


@pytest.fixture
def desk(client, secretariat, settings):
    """The secretariat, reading the pages in English."""
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def weights(system, *codes) -> list[Decimal]:
    stored = dict(Node.objects.filter(system=system).values_list("code", "weight"))
    return [stored[code] for code in codes]


def test_a_second_tab_saving_the_same_weights_is_refused_and_the_first_save_stays(desk, system):
    url = f"/surveys/manage/systems/{system.pk}/"
    tab_a = form_data(desk.get(url), "weights-form-I1")
    tab_b = form_data(desk.get(url), "weights-form-I1")
    assert desk.post(url, {**tab_a, "w-A": "0.7", "w-B": "0.3"}).status_code == 302

    refused = desk.post(url, {**tab_b, "w-A": "0.4", "w-B": "0.6"})
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Not saved: this was changed after you opened it" in page
    # The message names what the first tab changed, as it stands now.
    assert "A 整洁: 0.7; B 排队: 0.3" in page
    assert weights(system, "A", "B") == [Decimal("0.7"), Decimal("0.3")]
    assert 'name="w-A" value="0.700000"' in page  # the page shows what is stored
    assert AuditEntry.objects.filter(action="surveys.system.weights").count() == 1


def test_a_second_tab_weighing_by_ahp_after_a_save_by_hand_is_refused(desk, system):
    url = f"/surveys/manage/systems/{system.pk}/"
    hand = form_data(desk.get(url), "weights-form-_")
    comparisons = form_data(desk.get(url), "ahp-form-_")
    assert desk.post(url, {**hand, "w-D1": "0.55", "w-D2": "0.45"}).status_code == 302

    refused = desk.post(url, {**comparisons, "matrix": "[[1, 3], [0.3333, 1]]"})
    assert refused.status_code == 409
    assert "D1 环境: 0.55; D2 设施: 0.45" in refused.content.decode()
    system.refresh_from_db()
    assert (system.weighting, system.ahp_matrix) == (Weighting.MANUAL, None)
    assert weights(system, "D1", "D2") == [Decimal("0.55"), Decimal("0.45")]


def test_an_older_page_still_saves_another_group(desk, system):
    url = f"/surveys/manage/systems/{system.pk}/"
    page = desk.get(url)
    items, dimensions = form_data(page, "weights-form-I1"), form_data(page, "weights-form-_")
    assert desk.post(url, {**items, "w-A": "0.7", "w-B": "0.3"}).status_code == 302
    assert desk.post(url, {**dimensions, "w-D1": "0.5", "w-D2": "0.5"}).status_code == 302
    assert weights(system, "A", "B", "D1", "D2") == [
        Decimal(v) for v in ("0.7", "0.3", "0.5", "0.5")
    ]
