"""API lists refuse a limit or offset the database cannot count to, by name, instead of a 500."""

import pytest

from conftest import make_unit

HUGE = str(2**63)  # one past the largest integer SQLite and PostgreSQL hold


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_huge_page_parameter_on_the_unit_list_is_refused_by_name(client, db, parameter):
    make_unit(name="上海市质量协会")
    reply = client.get(f"/api/units?{parameter}={HUGE}")
    assert reply.status_code == 422
    assert parameter in reply.content.decode()


def test_an_ordinary_page_of_units_still_answers(client, db):
    make_unit(name="上海市质量协会")
    make_unit(name="黄浦区市场监督管理局")
    reply = client.get("/api/units?limit=1&offset=1")
    assert reply.json()["count"] == 2
    assert len(reply.json()["items"]) == 1
