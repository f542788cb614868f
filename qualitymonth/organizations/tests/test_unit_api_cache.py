"""The unit list of the API kept in the cache (core/cache.py): the same answer as computed,
a change shows at once, each language its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client, make_unit
from qualitymonth.core.tests import sign_in_support
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis


def listed(client, **headers) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/units", headers=headers)
    assert response.status_code == 200
    return response.json(), len(context.captured_queries)


def test_the_cached_list_is_the_computed_one_and_changes_show_at_once(
    each_cache, settings, client, huangpu, huangpu_bureau
):
    settings.PAGE_CACHE_SECONDS = 0
    computed, _ = listed(client)
    settings.PAGE_CACHE_SECONDS = 300
    first, _ = listed(client)
    again, queries = listed(client)
    assert first == again == computed
    assert queries == 0

    huangpu_bureau.name = "黄浦区市场监督管理局（新名）"
    huangpu_bureau.save()
    make_unit(parent=huangpu, name="新设单位")
    after, _ = listed(client)
    names = [unit["name"] for unit in after["items"]]
    assert "黄浦区市场监督管理局（新名）" in names and "新设单位" in names
    assert after["count"] == computed["count"] + 1


@pytest.mark.parametrize("language, label", [("en", "district"), ("zh-hans", "区")])
def test_each_language_gets_its_own_labels(each_cache, settings, client, huangpu, language, label):
    settings.PAGE_CACHE_SECONDS = 300
    listed(client, **{"Accept-Language": "zh-hans" if language == "en" else "en"})
    found, _ = listed(client, **{"Accept-Language": language})
    assert found["items"][0]["kind_label"] == label


def test_two_readers_share_the_kept_list_and_both_see_a_write_at_once(
    each_cache, settings, client, huangpu, huangpu_bureau, secretariat
):
    """The list kept as JSON holds nothing of a reader's own: the secretariat with its token
    and an anonymous reader get the same page, and a unit one of them adds shows to both."""
    settings.PAGE_CACHE_SECONDS = 300
    staff = Client()
    staff_headers = bearer(secretariat)
    anonymous, _ = listed(client)
    signed_in, _ = listed(staff, **staff_headers)
    assert anonymous == signed_in
    assert all("contacts" not in unit for unit in anonymous["items"])

    created = post_json(
        staff,
        "/api/units",
        {"kind": "enterprise", "key": "new-enterprise", "name": "新开的企业"},
        **staff_headers,
    )
    assert created.status_code == 201, created.content
    for reader, headers in ((client, {}), (staff, staff_headers)):
        after, _ = listed(reader, **headers)
        assert "新开的企业" in [unit["name"] for unit in after["items"]]
        assert after["count"] == anonymous["count"] + 1
