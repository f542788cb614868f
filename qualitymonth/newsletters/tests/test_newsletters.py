"""Newsletters: segments pick exactly the right people, opt-in only, one-click unsubscribe
without signing in honoured by the next send, and no newsletter without recipients."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.events.models import Series
from qualitymonth.newsletters import selectors, services
from qualitymonth.newsletters.models import Category, Delivery, Newsletter, State, Subscription
from qualitymonth.organizations.models import Membership, Position, Role, UnitKind
from tests.frontdoor.factories import make_event, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(db):
    return Category.objects.create(key="news", name="协会动态")


def person(username, news, *, unit=None, role=Role.REPORTER, subscribed=True):
    user = make_person(username, unit=unit, role=role if unit else None)
    user.email = f"{username}@example.com"
    user.save()
    if subscribed:
        Subscription.objects.create(user=user, category=news)
    return user


def newsletter(news, **segment) -> Newsletter:
    letter = Newsletter.objects.create(category=news, subject="协会动态第12期", segment=segment)
    letter.posts.add(make_post("关于开展2026年质量月活动的通知"))
    return letter


def names(letter) -> set[str]:
    return set(selectors.recipients(letter).values_list("username", flat=True))


@pytest.fixture
def town(news, association):
    """Two districts, units in them, a member enterprise in an industry group, a series."""
    huangpu = make_unit(kind=UnitKind.DISTRICT, name="黄浦区")
    baoshan = make_unit(kind=UnitKind.DISTRICT, name="宝山区")
    bureau = make_unit(kind=UnitKind.GOVERNMENT, name="黄浦区市场监管局", parent=huangpu)
    maker = make_unit(name="黄浦机械厂", district=huangpu)
    steel = make_unit(name="宝山钢铁", district=baoshan)
    machinery = make_unit(kind=UnitKind.INDUSTRY_GROUP, name="机械行业分会")
    Membership.objects.create(
        association=association, unit=maker, level="council", industry_group=machinery
    )
    Membership.objects.create(association=association, unit=steel, level="member")
    people = {
        "bureau-admin": person("bureau-admin", news, unit=bureau, role=Role.UNIT_ADMIN),
        "maker-reporter": person("maker-reporter", news, unit=maker),
        "steel-reporter": person("steel-reporter", news, unit=steel),
        "steel-handler": person("steel-handler", news, unit=steel, role=Role.CASE_HANDLER),
        "listener": person("listener", news),
        "not-subscribed": person("not-subscribed", news, unit=maker, subscribed=False),
    }
    # The maker's reporter holds a second position: still one recipient.
    Position.objects.create(user=people["maker-reporter"], unit=bureau, role=Role.REPORTER)
    series = Series.objects.create(key="lectures", name="质量大讲堂")
    lecture = make_event("第八期质量大讲堂", series=series)
    for username in ("listener", "steel-reporter"):
        lecture.registrations.create(
            venue=lecture.venues.get(), user=people[username], name=username, status="confirmed"
        )
    return {"huangpu": huangpu, "baoshan": baoshan, "machinery": machinery, **people}


def test_no_filter_means_every_subscriber_and_nobody_else(news, town):
    assert names(newsletter(news)) == {
        "bureau-admin",
        "maker-reporter",
        "steel-reporter",
        "steel-handler",
        "listener",
    }


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ({"unit_kind": ["enterprise"]}, {"maker-reporter", "steel-reporter", "steel-handler"}),
        ({"role": ["unit_admin", "case_handler"]}, {"bureau-admin", "steel-handler"}),
        ({"event_series": ["lectures"]}, {"listener", "steel-reporter"}),
        ({"membership_level": ["council"]}, {"maker-reporter"}),
        (
            {"membership_level": ["member", "council"]},
            {"maker-reporter", "steel-reporter", "steel-handler"},
        ),
        ({"role": ["reporter"], "event_series": ["lectures"]}, {"steel-reporter"}),
    ],
)
def test_segments_pick_exactly_the_right_people(news, town, segment, expected):
    assert names(newsletter(news, **segment)) == expected


def test_district_and_industry_group_segments(news, town):
    by_district = newsletter(news, district=[town["huangpu"].pk])
    by_group = newsletter(news, industry_group=[town["machinery"].pk])

    assert names(by_district) == {"bureau-admin", "maker-reporter"}
    assert names(by_group) == {"maker-reporter"}
    assert selectors.preview(by_district)["count"] == 2


def test_unsubscribing_without_signing_in_is_honoured_by_the_next_send(client, news, town):
    first = newsletter(news, unit_kind=["enterprise"])
    services.queue(actor=None, newsletter=first)
    services.send_all(first.pk)
    assert len(mail.outbox) == 3
    leaving = next(m for m in mail.outbox if m.to == ["steel-handler@example.com"])
    assert leaving.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"https?://[^/\s]+(/newsletters/unsubscribe/\S+/)", leaving.body).group(1)

    page = client.get(link).content.decode()  # signed out; a GET only shows the button
    assert 'data-testid="unsubscribe-button"' in page
    client.post(link)
    mail.outbox.clear()

    second = newsletter(news, unit_kind=["enterprise"])
    services.queue(actor=None, newsletter=second)
    services.send_all(second.pk)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "maker-reporter@example.com",
        "steel-reporter@example.com",
    ]


def test_a_forged_unsubscribe_link_answers_404(client, news, town):
    assert client.post("/newsletters/unsubscribe/forged-token/").status_code == 404
    assert Subscription.objects.filter(ended_at__isnull=False).count() == 0


def test_a_newsletter_with_no_recipients_is_refused_with_a_clear_message(
    client, news, town, secretariat
):
    letter = newsletter(news, membership_level=["council"], role=["case_handler"])
    with pytest.raises(ValidationError, match="协会动态"):
        services.queue(actor=secretariat, newsletter=letter)

    client.force_login(secretariat)
    response = client.post(reverse("newsletters:send", args=[letter.pk]), follow=True)

    page = response.content.decode()
    assert "message-error" in page and "“协会动态”" in page  # the message names the category
    letter.refresh_from_db()
    assert letter.state == State.DRAFT and not Delivery.objects.exists()


def test_the_secretariat_sees_the_count_and_a_sample_before_sending(
    client, news, town, secretariat
):
    letter = newsletter(news, event_series=["lectures"])
    client.force_login(secretariat)

    page = client.get(reverse("newsletters:edit", args=[letter.pk])).content.decode()
    block = page[page.index('data-testid="recipients-preview"') :]

    assert "listener" in block and "steel-reporter" in block and "bureau-admin" not in block


def test_people_choose_their_own_newsletters(client, news, citizen):
    client.force_login(citizen)

    client.post(reverse("newsletters:subscriptions"), {"categories": [news.pk]})
    assert selectors.subscribed_category_ids(citizen) == {news.pk}
    client.post(reverse("newsletters:subscriptions"), {})
    assert selectors.subscribed_category_ids(citizen) == set()
