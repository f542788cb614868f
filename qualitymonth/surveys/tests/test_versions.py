"""Two members of the secretariat (or two tabs) editing the same round or instrument: the later
save from a page opened before the earlier save is refused, naming what changed; the earlier
save survives."""

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.surveys.models import Instrument
from qualitymonth.surveys.tests.test_instrument_editor import (  # noqa: F401 (fixture)
    ROWS,
    edit_url,
    editor_data,
    made,
)
from qualitymonth.surveys.tests.test_rounds import uploaded_instrument

REFUSED = "不是你打开时的内容"


def test_a_stale_round_edit_is_refused_and_the_first_instrument_choice_survives(
    client, survey_round, secretariat
):
    other = uploaded_instrument(survey_round.evaluation, secretariat, title="新版检查表")
    client.force_login(secretariat)
    url = f"/surveys/manage/rounds/{survey_round.pk}/edit/"
    tab_a = form_data(client.get(url), "round-form")
    tab_b = form_data(client.get(url), "round-form")
    assert client.post(url, {**tab_a, "instrument": other.pk}).status_code == 302
    response = client.post(url, {**tab_b, "collection_starts": "2026-05-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert REFUSED in page
    assert f"测评工具：{other}" in page
    survey_round.refresh_from_db()
    assert (survey_round.instrument, survey_round.collection_starts) == (other, None)
    assert AuditEntry.objects.filter(action="surveys.round.update").count() == 1


def test_a_stale_instrument_edit_is_refused_and_offers_a_copy(client, made):  # noqa: F811
    url = edit_url(made)
    tab_a = form_data(client.get(url))
    tab_b = form_data(client.get(url))
    assert tab_a["version"] == tab_b["version"] != ""
    assert client.post(url, {**tab_a, "title": "新检查表", "action": "save"}).status_code == 302
    response = client.post(url, {**tab_b, "q-0-label": "另一个标签页的问题", "action": "save"})
    page = response.content.decode()
    assert response.status_code == 409
    assert REFUSED in page and "名称：新检查表" in page
    assert 'data-testid="save-copy"' in page  # the refused work can still be kept as a copy
    made.refresh_from_db()
    assert made.title == "新检查表"
    assert "另一个标签页的问题" not in list(made.questions.values_list("label", flat=True))
    assert Instrument.objects.count() == 1
    assert AuditEntry.objects.filter(action="surveys.instrument.edit").count() == 1
