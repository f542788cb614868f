"""The home page as the front door: what is coming and open, and the citizens' ways in."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import ngettext

from qualitymonth.core.context_processors import CAPABILITIES
from qualitymonth.publishing.models import Audience, PostKind
from tests.frontdoor.factories import make_event, make_post, make_public_notice, make_round
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


def test_upcoming_events_show_their_seats_left(client):
    make_event("第八期质量大讲堂", capacity=3, held=1)
    make_event("去年的讲座", days=-400)

    page = client.get(reverse("home")).content.decode()

    assert "第八期质量大讲堂" in page
    seats = ngettext("%(left)s seat left", "%(left)s seats left", 2) % {"left": 2}
    assert seats in page.split("第八期质量大讲堂")[1][:600]
    assert "去年的讲座" not in page


def test_open_calls_and_public_notices_show_their_closing_dates(client):
    call = make_round("2026年QC小组成果发表", days=7)
    make_round("已截止的申报", days=-1)
    notice = make_public_notice("2026年质量信得过班组拟命名名单", days=5)

    page = client.get(reverse("home")).content.decode()

    assert "2026年QC小组成果发表" in page
    assert formats.date_format(timezone.localtime(call.closes_at).date()) in page
    assert "2026年质量信得过班组拟命名名单" in page
    assert formats.date_format(notice.ends_on) in page
    assert "已截止的申报" not in page


def test_citizens_find_their_ways_in(client):
    page = client.get(reverse("home")).content.decode()

    for name in ("enquiries:new", "enquiries:track", "certificate_verify", "events:wall"):
        assert f'href="{reverse(name)}"' in page, name


def test_nothing_that_exists_is_greyed_as_coming_soon(client):
    page = client.get(reverse("home")).content.decode()

    assert "Coming next" not in page and "即将推出" not in page
    for key, _label, url_name in CAPABILITIES:
        if url_name:
            assert f'<span class="nav-soon" data-nav="{key}"' not in page, key


def test_the_home_page_asks_the_same_few_queries_however_much_is_open(client):
    def add_rows():
        for i in range(4):
            make_event(f"讲座{i}", held=i)
            make_round(f"申报{i}")
            make_public_notice(f"公示{i}")
            make_post(f"通知{i}")

    make_event("讲座", held=1)
    make_round("申报")
    make_public_notice("公示")
    assert_flat(client, reverse("home"), add_rows)


def test_the_latest_public_notices_and_news_are_on_the_home_page(client):
    make_post("关于开展2026年质量月活动的通知", kind=PostKind.NOTICE)
    make_post("质量月启动仪式圆满举行", kind=PostKind.NEWS)
    make_post("会员专享：质量管理培训", kind=PostKind.NOTICE, audience=Audience.MEMBERS)

    page = client.get(reverse("home")).content.decode()
    block = page[page.index('data-testid="home-posts"') :]

    assert "关于开展2026年质量月活动的通知" in block
    assert "质量月启动仪式圆满举行" in block
    assert "会员专享" not in page
