"""The round's own questions on the application form, with every kind core's questions offer."""

import lxml.html
import pytest

from qualitymonth.awards import services
from qualitymonth.awards.models import FormField
from qualitymonth.awards.tests.conftest import make_application, make_reviewer


@pytest.fixture
def draft(open_round, enterprise, enterprise_reporter):
    return services.start_application(actor=enterprise_reporter, round=open_round, unit=enterprise)


def _fields(round_):
    kinds = FormField.objects.create(
        round=round_,
        position=1,
        label="课题类型",
        kind="multiple_choice",
        choices="现场型\n攻关型\n管理型",
    )
    started = FormField.objects.create(round=round_, position=2, label="立项日期", kind="date")
    trained = FormField.objects.create(
        round=round_, position=3, label="是否经过培训", kind="yes_no"
    )
    return kinds, started, trained


def test_ticked_kinds_and_a_date_are_saved_on_the_draft_and_ticked_again(
    client, draft, enterprise_reporter
):
    kinds, started, trained = _fields(draft.round)
    client.force_login(enterprise_reporter)
    url = f"/awards/applications/{draft.pk}/"
    client.post(
        url,
        {
            "title": "降低焊装车间返修率",
            "holder_name": draft.holder_name,
            f"field_{kinds.pk}": ["攻关型", "现场型"],
            f"field_{started.pk}": "2026-03-01",
            f"field_{trained.pk}": "yes",
        },
    )
    draft.refresh_from_db()
    assert draft.answers == {
        str(kinds.pk): ["现场型", "攻关型"],
        str(started.pk): "2026-03-01",
        str(trained.pk): "yes",
    }
    page = lxml.html.fromstring(client.get(url).content.decode())
    ticked = page.xpath(f"//input[@name='field_{kinds.pk}'][@checked]/@value")
    assert ticked == ["现场型", "攻关型"]
    assert page.xpath(f"//input[@name='field_{started.pk}']/@value") == ["2026-03-01"]


def test_the_reviewer_reads_the_answers_as_people_write_them(client, review_round, secretariat):
    kinds, started, trained = _fields(review_round)
    application = make_application(review_round, name="上海电气QC小组")
    application.answers = {
        str(kinds.pk): ["现场型", "攻关型"],
        str(started.pk): "2026-03-01",
        str(trained.pk): "yes",
    }
    application.save(update_fields=["answers"])
    reviewer = make_reviewer("reader", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    client.force_login(reviewer)
    page = lxml.html.fromstring(client.get(f"/awards/reviews/{assignment.pk}/").content.decode())
    (answers,) = page.xpath("//*[@data-testid='answers']")
    assert [dd.text_content() for dd in answers.xpath("dd")] == [
        "现场型、攻关型",
        "2026年3月1日",
        "是",
    ]
