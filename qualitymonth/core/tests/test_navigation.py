"""The navigation: each section's link, the one being read marked, the administration link for
the secretariat only (asked once a request)."""

import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from qualitymonth.core.context_processors import CAPABILITIES, navigation


def test_the_secretariat_sees_the_administration_link(client, secretariat):
    client.force_login(secretariat)
    assert 'href="/admin/"' in client.get("/units/").content.decode()


def test_others_do_not(client, bureau_admin):
    assert 'href="/admin/"' not in client.get("/units/").content.decode()
    client.force_login(bureau_admin)
    assert 'href="/admin/"' not in client.get("/units/").content.decode()


def test_the_permission_is_asked_once_however_often_templates_read_it(secretariat):
    asked = []
    has_perm = secretariat.has_perm
    secretariat.has_perm = lambda *args: asked.append(args) or has_perm(*args)
    request = RequestFactory().get("/")
    request.user = secretariat
    context = navigation(request)
    assert all(context["is_secretariat"]() for _ in range(6))
    # The chrome's other question (the workspace link) is asked beside it, once too.
    assert sorted(asked) == [("admin.use",), ("campaigns.use_workspace",)]


def _nav_links(page: str) -> dict[str, str]:
    """data-nav key → (address, whether it is marked as the current section)."""
    found = {}
    for match in re.finditer(r'<a href="([^"]+)" data-nav="(\w+)" ?(aria-current="page")?', page):
        found[match[2]] = (match[1], bool(match[3]))
    return found


@pytest.mark.django_db
def test_each_section_links_to_its_page_and_only_the_one_read_is_marked(client):
    links = _nav_links(client.get(reverse("events:list")).content.decode())

    assert links == {
        key: (reverse(url_name), key == "events") for key, _label, url_name in CAPABILITIES
    }


@pytest.mark.django_db
def test_the_unit_pages_mark_units_as_the_current_section(client):
    links = _nav_links(client.get(reverse("organizations:unit_list")).content.decode())

    assert [key for key, (_url, current) in links.items() if current] == ["units"]


@pytest.mark.django_db
def test_the_labels_follow_the_readers_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("events:list")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(reverse("events:list")).content.decode()

    assert 'data-nav="events" aria-current="page">Events</a>' in english
    assert 'data-nav="events" aria-current="page">活动与会议</a>' in chinese
