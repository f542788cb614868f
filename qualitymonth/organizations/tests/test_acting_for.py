"""Which units a person acts for: one selector, with or without the units below as each caller
states, memoised for the request on the user object."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Position, Role, UnitKind, User
from qualitymonth.organizations.selectors import forget_acting_for, units_acted_for

pytestmark = pytest.mark.django_db

# A person's own positions: the one read the selector makes per request.
READS_POSITIONS = re.compile(r'"organizations_position"."user_id" = (%s|\d+)')
# One level of the unit tree below the person's units.
WALKS_TREE = re.compile(r'"organizations_unit"."parent_id" IN')


@pytest.fixture
def tree(huangpu, huangpu_bureau):
    """黄浦区 > 市场监管局 > 一家企业, and 黄浦区 > 南京东路街道: three levels."""
    street = make_unit(
        kind=UnitKind.STREET, key="nanjing-east", name="南京东路街道", parent=huangpu
    )
    shop = make_unit(key="shop", name="某某眼镜店", parent=huangpu_bureau)
    return {"district": huangpu, "bureau": huangpu_bureau, "street": street, "shop": shop}


@pytest.fixture
def district_admin(tree):
    return make_person("hp-district", unit=tree["district"], role=Role.UNIT_ADMIN)


def ids(*units) -> frozenset[int]:
    return frozenset(unit.pk for unit in units)


@pytest.fixture
def no_second_factor(settings):
    """Core's sign-in check (is a second factor required?) asks the database its own question
    about roles, since core imports no app; off here, so that the count is acting-for's."""
    settings.OTP_REQUIRED = False


def reads(queries, marker: re.Pattern) -> int:
    return sum(bool(marker.search(query["sql"])) for query in queries)


def test_a_district_administrator_acts_for_every_unit_below_only_when_the_caller_asks(
    tree, district_admin
):
    below = units_acted_for(district_admin, Role.UNIT_ADMIN, below=True)
    assert below == ids(*tree.values())
    assert units_acted_for(district_admin, Role.UNIT_ADMIN, below=False) == ids(tree["district"])


def test_roles_choose_which_positions_count(tree):
    person = make_person("both", unit=tree["bureau"], role=Role.REPORTER)
    Position.objects.create(user=person, unit=tree["street"], role=Role.CASE_HANDLER)
    assert units_acted_for(person, Role.REPORTER, below=False) == ids(tree["bureau"])
    assert units_acted_for(person, [Role.CASE_HANDLER], below=False) == ids(tree["street"])
    assert units_acted_for(person, Role.INSPECTOR, below=True) == frozenset()
    everything = ids(tree["bureau"], tree["shop"], tree["street"])
    assert units_acted_for(person, below=True) == everything
    assert units_acted_for(person, (Role.REPORTER, Role.CASE_HANDLER), below=True) == everything


def test_visitors_and_citizens_act_for_no_unit(client, citizen, django_assert_num_queries):
    anonymous = client.get(reverse("home")).wsgi_request.user
    with django_assert_num_queries(0):
        assert units_acted_for(anonymous, below=True) == frozenset()
    assert units_acted_for(citizen, below=True) == frozenset()


def test_asking_again_about_the_same_user_object_costs_no_query(
    tree, district_admin, django_assert_num_queries
):
    # Once: the positions, then the three levels of the tree (district, bureau, shop).
    with django_assert_num_queries(4):
        units_acted_for(district_admin, Role.UNIT_ADMIN, below=True)
    with django_assert_num_queries(0):
        units_acted_for(district_admin, Role.UNIT_ADMIN, below=True)
        units_acted_for(district_admin, below=True)
        units_acted_for(district_admin, Role.REPORTER, below=False)
        district_admin.has_perm("organizations.change_unit", tree["shop"])
        district_admin.has_perm("organizations.view_unit_people", tree["street"])
        district_admin.has_perm("campaigns.use_workspace")


def test_a_unit_page_reads_the_persons_positions_once_however_many_permissions_it_checks(
    client, tree, district_admin, no_second_factor
):
    client.force_login(district_admin)
    url = reverse("organizations:unit_detail", args=[tree["bureau"].pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    # What the page shows took several permissions: contacts, people, editing, the menu.
    assert "李强" in html  # the contact person
    assert reverse("organizations:unit_edit", args=[tree["bureau"].pk]) in html
    assert 'data-testid="workspace-link"' in html
    assert reads(queries, READS_POSITIONS) == 1
    assert reads(queries, WALKS_TREE) == 3  # one query per level, once for the request


def test_each_request_asks_afresh_so_a_removed_role_takes_effect_on_the_next_page(
    client, tree, district_admin, no_second_factor
):
    client.force_login(district_admin)
    url = reverse("organizations:unit_detail", args=[tree["bureau"].pk])
    assert "李强" in client.get(url).content.decode()
    district_admin.positions.all().delete()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert reads(queries, READS_POSITIONS) == 1
    assert "李强" not in html
    assert reverse("organizations:unit_edit", args=[tree["bureau"].pk]) not in html


def test_forgetting_drops_the_memo_after_a_persons_positions_change(tree, district_admin):
    assert units_acted_for(district_admin, below=False) == ids(tree["district"])
    Position.objects.create(user=district_admin, unit=tree["street"], role=Role.CASE_HANDLER)
    assert units_acted_for(district_admin, below=False) == ids(tree["district"])  # memoised
    forget_acting_for(district_admin)
    assert units_acted_for(district_admin, below=False) == ids(tree["district"], tree["street"])
    fresh = User.objects.get(pk=district_admin.pk)  # as the next request would load them
    assert units_acted_for(fresh, Role.CASE_HANDLER, below=True) == ids(tree["street"])
