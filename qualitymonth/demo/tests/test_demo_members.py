"""The members demo: the seed's 2018 participation rate, dues with a few unpaid, a member in
grace, the machinery group's officers and its 2025 visit."""

import pytest

from conftest import Client
from qualitymonth.members.models import Invoice, Status, Term
from qualitymonth.members.selectors import is_member_in_good_standing
from qualitymonth.members.services.participation import compute
from qualitymonth.organizations.models import Unit, User

pytestmark = pytest.mark.usefixtures("demo")


def test_the_2018_participation_rate_is_the_seeds_93_5_percent_and_recomputes_the_same():
    again = compute(year=2018)
    assert (again.members, again.participants) == (31, 29)
    assert again.rate == 93.5


def test_2026_dues_are_invoiced_to_every_member_and_a_few_are_unpaid():
    invoices = Invoice.objects.filter(year=2026).prefetch_related("payments")
    unpaid = sorted(i.term.membership.unit.key for i in invoices if not i.payments.all())
    assert invoices.count() == 13
    assert unpaid == ["caohejing", "cpecc", "shuxiangmendi"]


def test_the_lapsed_member_is_in_grace_and_keeps_its_rights_until_the_grace_ends():
    unit = Unit.objects.get(key="inoherb")
    latest = Term.objects.filter(membership__unit=unit).order_by("-starts_on").first()
    assert latest.status == Status.GRACE
    assert is_member_in_good_standing(unit)


def test_the_machinery_group_has_its_officers_and_its_2025_visit():
    group = Unit.objects.get(key="sqa-machinery-group")
    secretariat = Client()
    secretariat.force_login(User.objects.get(username="secretariat"))
    page = secretariat.get(f"/members/groups/{group.pk}/").content.decode()
    assert "机械大组走访上汽通用和江南造船" in page
    officers = page.split("<section>")[1].split("</section>")[0]
    assert str(User.objects.get(username="sgm-admin")) in officers
    assert str(User.objects.get(username="secretariat")) in officers


def test_segments_of_the_demo_name_the_industries_and_2018s_members_that_did_not_take_part():
    from qualitymonth.members.selectors import units_in_segment

    def keys(segment):
        return sorted(units_in_segment(segment).values_list("key", flat=True))

    assert keys({"industry": ["装备制造"]}) == ["cosco-heavy", "volvo-ce"]
    assert keys({"did_not_take_part": [2018]}) == ["demo-member-17", "demo-member-18"]
    assert len(keys({"took_part": [2018]})) == 29


def test_the_machinery_group_has_its_own_calendar_with_a_member_only_event():
    group = Unit.objects.get(key="sqa-machinery-group")
    leader = Client()
    leader.force_login(User.objects.get(username="sgm-admin"))
    page = leader.get(f"/members/groups/{group.pk}/").content.decode()
    calendar = page.split('data-testid="group-calendar"')[1].split("</section>")[0]
    assert "机械大组质量沙龙（会员专场）" in calendar
    assert "机械大组供应商质量管理交流会" in calendar
    from qualitymonth.events.models import Event

    assert Event.objects.get(title="机械大组质量沙龙（会员专场）").members_only
