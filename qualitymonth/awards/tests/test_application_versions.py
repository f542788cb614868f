"""An applicant with two tabs on one draft: the second save from a stale page is refused,
naming what the first changed with its current value, and nothing of the first save is lost."""

import pytest

from qualitymonth.awards import services
from qualitymonth.awards.models import Application, FieldKind, FormField
from qualitymonth.awards.services.applications import application_version
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.core.versions import StaleVersion


@pytest.fixture
def members(open_round):
    return FormField.objects.create(round=open_round, label="小组人数", kind=FieldKind.NUMBER)


@pytest.fixture
def draft(open_round, enterprise, enterprise_reporter, members):
    return services.start_application(actor=enterprise_reporter, round=open_round, unit=enterprise)


def _edits(draft) -> int:
    return AuditEntry.objects.filter(action="award_application.edit", object_id=draft.pk).count()


def _open_twice(client, draft):
    client.force_login(draft.created_by)
    url = draft.get_absolute_url()
    tab_a = form_data(client.get(url), "application-form")
    tab_b = form_data(client.get(url), "application-form")
    assert tab_a["version"] == tab_b["version"] != ""
    return url, tab_a, tab_b


def test_the_second_tab_cannot_put_back_the_title_the_first_tab_saved(client, draft, members):
    url, tab_a, tab_b = _open_twice(client, draft)
    client.post(url, {**tab_a, "title": "降低焊装车间返修率"})
    assert _edits(draft) == 1

    response = client.post(url, {**tab_b, f"field_{members.pk}": "8"})
    page = response.content.decode()
    assert "不是你打开时的内容" in page
    assert "成果或项目名称：降低焊装车间返修率" in page  # what tab A changed, as it stands now
    stored = Application.objects.get(pk=draft.pk)
    assert stored.title == "降低焊装车间返修率"  # nothing of tab A lost
    assert stored.answers == {}  # nothing of tab B saved
    assert _edits(draft) == 1  # the refusal left no audit record


def test_a_stale_answer_is_named_with_its_question_and_current_answer(client, draft, members):
    url, tab_a, tab_b = _open_twice(client, draft)
    client.post(url, {**tab_a, f"field_{members.pk}": "8"})
    response = client.post(url, {**tab_b, f"field_{members.pk}": "10"})
    assert "小组人数：8" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).answers == {str(members.pk): "8"}


def test_a_page_opened_after_the_save_saves_normally(client, draft, members):
    url, tab_a, _tab_b = _open_twice(client, draft)
    client.post(url, {**tab_a, "title": "降低焊装车间返修率"})
    fresh = form_data(client.get(url), "application-form")
    assert fresh["title"] == "降低焊装车间返修率"
    client.post(url, {**fresh, f"field_{members.pk}": "8"})
    stored = Application.objects.get(pk=draft.pk)
    assert (stored.title, stored.answers) == ("降低焊装车间返修率", {str(members.pk): "8"})
    assert _edits(draft) == 2


def test_the_service_refuses_a_stale_version_and_takes_none_from_callers_without_a_form(
    draft, enterprise_reporter
):
    opened = application_version(draft)
    values = {"holder_name": draft.holder_name, "recommending_unit": None, "answers": {}}
    services.update_application(
        actor=enterprise_reporter, application=draft, title="第一次", version=opened, **values
    )
    with pytest.raises(StaleVersion) as error:
        services.update_application(
            actor=enterprise_reporter, application=draft, title="第二次", version=opened, **values
        )
    assert error.value.changed == ["title"]
    services.update_application(
        actor=enterprise_reporter, application=draft, title="脚本", **values
    )
    assert Application.objects.get(pk=draft.pk).title == "脚本"
