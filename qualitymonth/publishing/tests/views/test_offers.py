"""Posts prepared from a survey round, a campaign or plan action and a citizen-service
category; the linked object's page shows the published post."""

import datetime

import pytest
from django.urls import reverse

from qualitymonth.campaigns import services as campaign_services
from qualitymonth.enquiries.models import Category
from qualitymonth.publishing import services
from qualitymonth.publishing.models import Post, PostKind, PostState
from qualitymonth.surveys.models import Evaluation, IndicatorSystem, Instrument, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(secretariat):
    campaign = campaign_services.create_campaign(
        actor=secretariat, year=2099, theme="质量成就美好生活"
    )
    campaign.is_published = True
    campaign.save()
    return campaign


@pytest.fixture
def action(secretariat, campaign, huangpu_bureau):
    return campaign_services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="7",
        title="开展企业质量开放日",
        category=campaign.categories.first(),
        lead_unit=huangpu_bureau,
        due_on=datetime.date(2099, 9, 20),
    )


@pytest.fixture
def survey_round(db):
    evaluation = Evaluation.objects.create(key="window", name="窗口服务质量测评")
    return Round.objects.create(
        evaluation=evaluation,
        year=2099,
        system=IndicatorSystem.objects.create(evaluation=evaluation, version=1),
        instrument=Instrument.objects.create(
            evaluation=evaluation, kind="checklist", title="窗口检查表"
        ),
        collection_starts=datetime.date(2099, 5, 1),
        collection_ends=datetime.date(2099, 6, 30),
    )


@pytest.fixture
def category(db):
    return Category.objects.create(
        code="food", name="食品安全", description="食品质量问题的咨询与投诉。", kinds=["complaint"]
    )


def _publish(post, secretariat):
    return services.publish(actor=secretariat, post=post)


def test_a_campaign_page_offers_a_post_to_editors(client, secretariat, campaign):
    client.force_login(secretariat)
    page = client.get(reverse("campaigns:campaign_detail", args=[2099])).content.decode()
    assert 'data-testid="offer-post"' in page

    response = client.post(
        reverse("publishing:draft_from", args=["campaigns.campaign", campaign.pk]), follow=True
    )

    post = Post.objects.get()
    assert response.redirect_chain[-1][0] == reverse("publishing:edit", args=[post.pk])
    assert post.title == "关于开展2099年“质量月”活动的通知" and post.kind == PostKind.NOTICE
    assert "质量成就美好生活" in post.body_html and "2099年9月30日" in post.body_html


def test_the_campaign_page_shows_the_published_post_to_anyone(client, secretariat, campaign):
    _publish(services.draft_from(campaign, secretariat), secretariat)

    page = client.get(reverse("campaigns:campaign_detail", args=[2099])).content.decode()

    assert "关于开展2099年“质量月”活动的通知" in page
    assert 'data-testid="offer-post"' not in page


def test_a_plan_action_gives_news_with_its_lead_unit_and_due_date(secretariat, action):
    post = services.draft_from(action, secretariat)

    assert post.title == "2099年质量月：开展企业质量开放日" and post.kind == PostKind.NEWS
    assert str(action.lead_unit) in post.body_html
    assert "2099年9月20日" in post.body_html and post.link_id == action.pk


def test_the_action_page_shows_the_published_post(client, secretariat, action):
    _publish(services.draft_from(action, secretariat), secretariat)
    client.force_login(secretariat)

    page = client.get(reverse("campaigns:action_detail", args=[action.pk])).content.decode()

    assert "2099年质量月：开展企业质量开放日" in page


def test_a_survey_round_gives_news_of_its_results(secretariat, survey_round):
    post = services.draft_from(survey_round, secretariat)

    assert post.title == "2099年窗口服务质量测评结果发布" and post.state == PostState.DRAFT
    assert "2099年5月1日至2099年6月30日" in post.body_html
    assert reverse("surveys:results", args=[survey_round.pk]) in post.body_html
    assert post.link_id == survey_round.pk


def test_a_citizen_service_category_gives_a_guide_linking_to_its_form(secretariat, category):
    post = services.draft_from(category, secretariat)

    assert post.title == "“食品安全”质量服务指南"
    assert f"{reverse('enquiries:new')}?category=food" in post.body_html


def test_the_citizen_services_page_shows_posts_about_its_categories(client, secretariat, category):
    _publish(services.draft_from(category, secretariat), secretariat)

    page = client.get(reverse("enquiries:index")).content.decode()

    assert "“食品安全”质量服务指南" in page
    assert 'data-testid="offer-posts"' not in page


def test_editors_are_offered_a_post_per_category(client, secretariat, category):
    client.force_login(secretariat)

    page = client.get(reverse("enquiries:index")).content.decode()

    assert f'data-testid="offer-post-{category.pk}"' in page
