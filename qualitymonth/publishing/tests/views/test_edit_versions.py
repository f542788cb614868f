"""Two people editing the same post: the later save from a stale form is refused."""

import re

import pytest
from django.urls import reverse

from qualitymonth.publishing import services
from qualitymonth.publishing.models import PostState
from qualitymonth.publishing.tests.conftest import make_post

pytestmark = pytest.mark.django_db

TITLE = "关于开展质量月活动的通知"


@pytest.fixture
def draft(association):
    return make_post(state=PostState.DRAFT, title=TITLE, unit=association, body="请按时报名。")


def _opened(client, post) -> dict:
    """The edit form's fields as the page filled them in (what the browser would send)."""
    page = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    return {
        "kind": post.kind,
        "title": post.title,
        "body_format": post.body_format,
        "body": post.body,
        "audience": post.audience,
        "unit": post.unit_id,
        "tags": "",
        "version": version,
    }


def test_a_save_from_a_stale_form_is_refused_naming_what_changed(client, secretariat, draft):
    client.force_login(secretariat)
    stale = _opened(client, draft)
    fresh = _opened(client, draft)
    client.post(
        reverse("publishing:edit", args=[draft.pk]), {**fresh, "title": "新标题：质量月通知"}
    )

    response = client.post(
        reverse("publishing:edit", args=[draft.pk]), {**stale, "body": "我的修改"}
    )

    page = response.content.decode()
    assert "未保存" in page and "新标题：质量月通知" in page
    draft.refresh_from_db()
    assert draft.title == "新标题：质量月通知" and draft.body == "请按时报名。"


def test_a_save_from_an_up_to_date_form_goes_through(client, secretariat, draft):
    client.force_login(secretariat)
    opened = _opened(client, draft)

    response = client.post(
        reverse("publishing:edit", args=[draft.pk]), {**opened, "body": "我的修改"}, follow=True
    )

    assert "文章已保存。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == "我的修改"


def test_an_attachment_added_meanwhile_makes_the_form_stale(client, secretariat, draft):
    from qualitymonth.publishing.tests.conftest import pdf_file

    client.force_login(secretariat)
    stale = _opened(client, draft)
    services.save_post(
        actor=secretariat,
        post=draft,
        data={**stale, "unit": draft.unit, "tags": [], "attachments": [pdf_file("报名表.pdf")]},
    )

    response = client.post(reverse("publishing:edit", args=[draft.pk]), stale)

    page = response.content.decode()
    assert "未保存" in page and "报名表.pdf" in page


def test_a_page_saved_from_a_stale_form_is_refused(client, secretariat):
    client.force_login(secretariat)
    url = reverse("publishing:page_edit", args=["about"])
    services.save_page(actor=secretariat, key="about", data={"title": "关于协会", "body": "旧文"})
    page = client.get(url).content.decode()
    stale = re.search(r'name="version" value="([^"]*)"', page).group(1)
    services.save_page(actor=secretariat, key="about", data={"title": "关于协会", "body": "新文"})

    response = client.post(url, {"title": "关于协会", "body": "我的修改", "version": stale})

    assert "未保存" in response.content.decode() and "新文" in response.content.decode()
    assert (
        client.get(reverse("publishing:page", args=["about"])).content.decode().count("我的修改")
        == 0
    )
