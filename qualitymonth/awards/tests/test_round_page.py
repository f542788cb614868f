"""The secretariat's round page: reviewers by name and unit, each with their own inputs."""

import lxml.html
import pytest

from qualitymonth.awards.models import Review
from qualitymonth.organizations.models import User


@pytest.fixture
def named_round(graded_round):
    """The reviewers of the graded round have real names."""
    User.objects.filter(username="expert-0").update(display_name="张伟")
    User.objects.filter(username="expert-1").update(display_name="李娜")
    return graded_round


def _page(client, round_):
    html = client.get(f"/awards/rounds/{round_.pk}/manage/").content.decode()
    return lxml.html.fromstring(html)


def _text(element, testid):
    return element.xpath(f".//*[@data-testid='{testid}']")[0].text_content().strip()


def test_reviewers_are_shown_by_name_and_unit_with_the_user_name_as_a_hint(
    client, named_round, secretariat
):
    client.force_login(secretariat)
    boxes = _page(client, named_round).xpath("//*[@data-testid='board-reviewer']")
    assert len(boxes) == 6
    first = boxes[0].xpath("legend")[0]
    assert _text(first, "reviewer-name") == "张伟"
    assert _text(first, "reviewer-unit") == "expert-0的单位"
    assert _text(first, "reviewer-username") == "expert-0"
    assert first.text_content().strip().startswith("张伟")


def test_the_assign_form_offers_reviewers_by_name_and_unit(client, named_round, secretariat):
    client.force_login(secretariat)
    page = _page(client, named_round)
    options = [o.text_content() for o in page.xpath("//select[@name='reviewer']/option")][1:]
    assert options == ["张伟 · expert-0的单位 (expert-0)", "李娜 · expert-1的单位 (expert-1)"]
    for select in page.xpath("//form[@data-testid='assign-form']//select"):
        assert page.xpath(f"//label[@for='{select.get('id')}']")


def test_each_reviewers_reopen_input_is_labelled_inside_that_reviewers_group(
    client, named_round, secretariat
):
    client.force_login(secretariat)
    page = _page(client, named_round)
    reviews = {
        review.pk: str(review.assignment.reviewer)
        for review in Review.objects.select_related("assignment__reviewer")
    }
    boxes = page.xpath("//fieldset[@data-testid='board-reviewer']")
    assert len(boxes) == 6
    for box in boxes:
        name = _text(box, "reviewer-name")
        (reason,) = box.xpath(".//input[@name='reason']")
        (label,) = page.xpath(f"//label[@for='{reason.get('id')}']")
        # The label sits in the same reviewer's group as its input, and the form reopens
        # that reviewer's review, not the next one's.
        assert label.xpath("ancestor::fieldset[1]")[0] is box
        action = reason.xpath("ancestor::form[1]")[0].get("action")
        review_pk = int(action.rstrip("/").split("/")[-2])
        assert reviews[review_pk] == name


def test_the_round_page_writes_chinese_punctuation_in_chinese(client, named_round, secretariat):
    client.force_login(secretariat)
    page = _page(client, named_round)
    assert _text(page, "rule").startswith("计分规则：各评审专家总分的平均值。")
    assert page.xpath("//ul[@class='counts']/li")[0].text_content() == "评审中：3"
