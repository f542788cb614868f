"""The demo's people hold the roles the README lists: each bureau's demo case handler works the
citizen-services desk; the campaign accounts of a bureau (administrator, reporter) do not."""

from django.urls import reverse

from qualitymonth.enquiries.models import Case
from qualitymonth.organizations.models import Role, User


def test_each_bureau_staff_account_is_a_case_handler_and_opens_the_desk(demo, client):
    staff = User.objects.get(username="huangpu-amr-staff")
    assert set(staff.positions.values_list("role", flat=True)) == {Role.CASE_HANDLER}
    client.force_login(staff)
    html = client.get(reverse("enquiries:desk")).content.decode()
    case = Case.objects.filter(unit__key="huangpu-amr").order_by("-received_at", "-pk").first()
    assert case.number in html


def test_the_campaign_accounts_of_a_bureau_do_not_see_its_cases(demo, client):
    case = Case.objects.filter(unit__key="huangpu-amr").first()
    for username in ("huangpu-admin", "baoshan-reporter"):
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("enquiries:desk"))
        assert response.status_code == 403, username
        assert (
            "无权操作" in response.content.decode() and case.number not in response.content.decode()
        )
        response = client.get(reverse("enquiries:case", args=[case.number]))
        assert response.status_code == 404, username


def test_the_demo_case_histories_are_written_by_the_bureaus_case_handlers(demo):
    actors = set(
        Case.objects.filter(unit__key="baoshan-amr", events__kind="status").values_list(
            "events__actor__username", flat=True
        )
    )
    assert actors == {"baoshan-amr-staff"}
