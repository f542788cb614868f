"""The plan page cached (core/cache.py): a write shows at once, to anonymous and signed-in
readers in either language, and no reader ever gets another's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client
from qualitymonth.campaigns import services
from qualitymonth.core.tests import sign_in_support

URL = "/campaigns/2020/"


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis


def english() -> Client:
    client = Client()
    client.cookies["qm_language"] = "en"
    return client


def read(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def queries_to_read(client) -> int:
    with CaptureQueriesContext(connection) as context:
        read(client)
    return len(context.captured_queries)


def test_an_anonymous_reader_gets_the_plan_from_the_cache(each_cache, huangpu_action):
    first = queries_to_read(Client())
    assert queries_to_read(Client()) == 0 < first


def test_an_edit_shows_at_once_to_anonymous_and_signed_in_readers_in_both_languages(
    each_cache, secretariat, huangpu_action
):
    signed_in = Client()
    signed_in.force_login(secretariat)
    readers = [Client(), english(), signed_in]
    old = huangpu_action.title
    for reader in readers:
        read(reader)  # fills the cache
        assert old in read(reader)

    services.update_action(
        actor=secretariat, action=huangpu_action, title="开展企业质量开放周", title_en="Open week"
    )

    for reader in readers:
        assert old not in read(reader)
    assert "开展企业质量开放周" in read(Client())
    assert "開展企業質量開放週" not in read(Client())  # the Simplified page, not the other
    assert "Open week" in read(english())
    assert "开展企业质量开放周" in read(signed_in)


def test_a_signed_in_readers_page_never_reaches_an_anonymous_one(
    each_cache, secretariat, huangpu_action
):
    signed_in = Client()
    signed_in.force_login(secretariat)
    theirs = read(signed_in)
    assert str(secretariat) in theirs and "/campaigns/2020/edit" in theirs

    for page in (read(Client()), read(Client())):
        assert str(secretariat) not in page
        assert "/campaigns/2020/edit" not in page
        assert "csrfmiddlewaretoken" not in page


def test_an_anonymous_page_never_reaches_a_signed_in_reader(
    each_cache, secretariat, bureau_admin, huangpu_action
):
    read(Client())
    read(Client())
    for person, manages in ((secretariat, True), (bureau_admin, False)):
        client = Client()
        client.force_login(person)
        page = read(client)
        assert str(person) in page
        assert ("/campaigns/2020/edit" in page) is manages
        # The plan's links to actions are for people with a workspace, never for visitors.
        assert f"/campaigns/actions/{huangpu_action.pk}/" in page
    assert f"/campaigns/actions/{huangpu_action.pk}/" not in read(Client())


def test_a_pending_message_is_shown_and_not_cached(each_cache, huangpu_action):
    client = Client()
    client.post("/i18n/setlang/", {"language": "fr", "next": URL})
    assert "本平台不提供“fr”语言" in read(client)
    assert "本平台不提供" not in read(Client())
