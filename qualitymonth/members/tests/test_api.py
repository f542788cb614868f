"""The member list API: the public part for everyone, the secretariat's part for it alone."""

import datetime

import pytest

from conftest import valid_credit_code
from qualitymonth.members.services.terms import add_term
from qualitymonth.members.tests.conftest import member_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(association, member_type, secretariat, membership):
    add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2099, 12, 31),
    )
    lapsed = member_unit(
        association,
        member_type,
        name="已退会单位",
        starts=datetime.date(2015, 1, 1),
        ends=datetime.date(2015, 12, 31),
    )
    current = membership.unit
    current.credit_code = valid_credit_code("91310000607000000")
    current.save()
    return current, lapsed


def test_outsiders_get_current_members_without_status_or_credit_code(client, members):
    current, lapsed = members
    response = client.get("/api/members")
    names = [row["name"] for row in response.json()["items"]]
    assert names == [current.name]  # the lapsed member is not listed
    assert lapsed.name not in response.content.decode()
    assert current.credit_code not in response.content.decode()
    assert response.json()["items"][0]["status"] is None


def test_the_secretariat_gets_every_member_with_status_and_term_end(client, members, secretariat):
    from qualitymonth.members.services.terms import refresh_statuses

    refresh_statuses()
    client.force_login(secretariat)
    rows = {row["name"]: row for row in client.get("/api/members").json()["items"]}
    current, lapsed = members
    assert rows[current.name]["status"] in ("new", "current")
    assert rows[current.name]["term_ends"] == "2099-12-31"
    assert rows[lapsed.name]["status"] == "expired"
