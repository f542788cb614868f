"""The proposed list goes on public notice only when the review is done, or when the
secretariat says in so many words to publish anyway, which the audit trail keeps."""

import lxml.html
import pytest
from django.core.exceptions import ValidationError

from qualitymonth.awards import services
from qualitymonth.awards.models import NoticeKind, RoundStatus
from qualitymonth.awards.tests.conftest import make_application, make_reviewer
from qualitymonth.core.models import AuditEntry

SUMMARY = "7份评审中尚有1份未提交；1项申报的评分不足2份"


@pytest.fixture
def unfinished_round(graded_round, secretariat):
    """The graded round, with one review not yet submitted and one application unreviewed."""
    late = make_reviewer("expert-late", graded_round)
    services.assign_reviewer(
        actor=secretariat,
        application=graded_round.applications.get(holder_name="上海电气QC小组"),
        reviewer=late,
    )
    make_application(graded_round, name="华谊集团QC小组")
    return graded_round


def test_the_proposed_list_is_refused_while_reviews_are_outstanding(unfinished_round, secretariat):
    with pytest.raises(ValidationError) as error:
        services.publish_proposed_list(actor=secretariat, round=unfinished_round)
    assert SUMMARY in error.value.messages[0]
    unfinished_round.refresh_from_db()
    assert unfinished_round.status == RoundStatus.REVIEW
    assert not unfinished_round.notices.exists()


def test_publishing_anyway_is_recorded_with_what_was_outstanding(unfinished_round, secretariat):
    notice = services.publish_proposed_list(
        actor=secretariat, round=unfinished_round, override=True
    )
    assert notice.kind == NoticeKind.PROPOSED
    entry = AuditEntry.objects.get(action="award_round.notice", object_id=unfinished_round.pk)
    assert entry.actor == secretariat
    assert entry.changes["override"] == [None, True]
    assert entry.changes["reviews_outstanding"] == [None, 1]
    assert entry.changes["applications_short"] == [None, 1]


def test_a_complete_review_publishes_without_an_override_on_record(graded_round, secretariat):
    services.publish_proposed_list(actor=secretariat, round=graded_round)
    entry = AuditEntry.objects.get(action="award_round.notice", object_id=graded_round.pk)
    assert "override" not in entry.changes


def _publish_form(client, round_):
    page = client.get(f"/awards/rounds/{round_.pk}/manage/").content.decode()
    return lxml.html.fromstring(page).xpath("//form[@data-testid='notice-form']")[0]


def test_the_publish_button_says_what_is_incomplete_and_asks_first(
    client, unfinished_round, secretariat
):
    client.force_login(secretariat)
    form = _publish_form(client, unfinished_round)
    warning = form.xpath(".//*[@data-testid='review-incomplete']")[0].text_content()
    assert SUMMARY in warning
    button = form.xpath(".//button[@data-testid='step-notice']")[0]
    assert SUMMARY in button.get("data-confirm")
    # The warning comes before the button.
    assert form.xpath(".//button[@data-testid='step-notice']/preceding::*[@role='alert']")
    box = form.xpath(".//input[@type='checkbox' and @name='override']")[0]
    label = form.xpath(f".//label[@for='{box.get('id')}']")[0]
    assert label.text_content().strip() == "尽管尚有1份评审未提交，仍然公示"


def test_a_complete_review_still_asks_before_publishing(client, graded_round, secretariat):
    client.force_login(secretariat)
    form = _publish_form(client, graded_round)
    button = form.xpath(".//button[@data-testid='step-notice']")[0]
    assert button.get("data-confirm") == "将拟表彰名单公示？此操作无法撤销。"
    assert not form.xpath(".//input[@name='override']")
    assert "6份评审均已提交" in form.text_content()


def test_publishing_from_the_page_needs_the_box_ticked(client, unfinished_round, secretariat):
    client.force_login(secretariat)
    url = f"/awards/rounds/{unfinished_round.pk}/steps/notice/"
    page = client.post(url, {"text": "现予公示。"}, follow=True).content.decode()
    assert "确需公示的，请勾选“仍然公示”后再发布。" in page
    unfinished_round.refresh_from_db()
    assert unfinished_round.status == RoundStatus.REVIEW

    client.post(url, {"text": "现予公示。", "override": "on"})
    unfinished_round.refresh_from_db()
    assert unfinished_round.status == RoundStatus.NOTICE
    assert unfinished_round.notices.get().text == "现予公示。"
