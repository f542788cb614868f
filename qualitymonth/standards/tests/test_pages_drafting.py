"""The working group's pages: proposing, its list, editing clauses on the web."""

from django.urls import reverse

from conftest import make_unit
from qualitymonth.organizations.models import Membership
from qualitymonth.standards import selectors, services
from qualitymonth.standards.models import Standard, State
from qualitymonth.standards.tests.conftest import drafted, in_comment
from tests.answers import assert_not_found
from tests.queries import assert_flat


def test_a_member_unit_proposes_a_standard_with_its_drafting_units(
    client, enterprise_admin, enterprise, association
):
    partner = make_unit(key="partner", name="合作起草单位")
    Membership.objects.create(association=association, unit=partner)
    Membership.objects.create(association=association, unit=enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:propose"),
        {
            "proposer": enterprise.pk,
            "title": "焊装车间质量巡检规范",
            "scope": "乘用车焊装车间",
            "reason": "统一巡检做法",
            "drafting_units": [partner.pk],
            "drafters": "张三，李四",
        },
        follow=True,
    )
    standard = Standard.objects.get()
    assert (standard.proposer, standard.state) == (enterprise, State.PROPOSED)
    assert list(standard.drafting_units.all()) == [partner]
    assert "焊装车间质量巡检规范" in response.content.decode()
    mine = client.get(reverse("standards:mine")).content.decode()
    assert "焊装车间质量巡检规范" in mine


def test_a_proposal_without_a_title_is_shown_again_with_the_missing_field_marked(
    client, enterprise_admin, enterprise, association
):
    Membership.objects.create(association=association, unit=enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:propose"),
        {"proposer": enterprise.pk, "title": "", "scope": "范围", "reason": "理由"},
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Standard.objects.exists()


def test_a_unit_cannot_propose_for_a_unit_it_does_not_act_for(
    client, enterprise_admin, enterprise, association, huangpu_bureau
):
    Membership.objects.create(association=association, unit=enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:propose"),
        {"proposer": huangpu_bureau.pk, "title": "标题", "scope": "范围", "reason": "理由"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Standard.objects.exists()


def test_the_working_group_edits_clauses_and_saving_adds_a_version(
    client, secretariat, enterprise, enterprise_admin
):
    standard = drafted(secretariat, enterprise)
    client.force_login(enterprise_admin)
    page = client.get(reverse("standards:edit", args=[standard.pk])).content.decode()
    assert "生产现场" in page
    response = client.post(
        reverse("standards:edit", args=[standard.pk]),
        {
            "rows": 3,
            "number-0": "1",
            "heading-0": "范围",
            "text-0": "本文件规定了生产现场管理的要求和评价方法。",
            "number-1": "2",
            "heading-1": "规范性引用文件",
            "text-1": "",
            "number-2": "",
            "heading-2": "",
            "text-2": "",
            "note": "增加评价方法",
        },
        follow=True,
    )
    version = selectors.current_version(standard)
    assert version.number == 2 and version.note == "增加评价方法"
    assert [c.number for c in version.clauses.all()] == ["1", "2"]
    assert "评价方法" in response.content.decode()
    assert standard.versions.get(number=1).clauses.count() == 4


def test_a_clause_with_a_bad_number_is_refused_and_the_rows_are_kept(
    client, secretariat, enterprise, enterprise_admin
):
    standard = drafted(secretariat, enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:edit", args=[standard.pk]),
        {"rows": 1, "number-0": "一", "heading-0": "范围", "text-0": "保留的文字"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "give a number such as 1, 3.2 or A.1" in page and "保留的文字" in page
    assert standard.versions.count() == 1


def test_the_draft_is_not_edited_during_public_comment(
    client, secretariat, enterprise, enterprise_admin
):
    standard = in_comment(secretariat, enterprise)
    client.force_login(enterprise_admin)
    page = client.get(reverse("standards:standard", args=[standard.pk])).content.decode()
    assert reverse("standards:edit", args=[standard.pk]) not in page
    response = client.post(
        reverse("standards:edit", args=[standard.pk]),
        {"rows": 1, "number-0": "1", "heading-0": "范围"},
    )
    assert "outside the public comment period" in response.content.decode()
    assert standard.versions.count() == 1


def test_an_outsider_cannot_edit_a_draft(client, secretariat, enterprise, bureau_admin):
    standard = drafted(secretariat, enterprise)
    client.force_login(bureau_admin)
    assert_not_found(client.get(reverse("standards:edit", args=[standard.pk])))


def test_my_standards_asks_the_same_queries_for_one_and_many(
    client, secretariat, enterprise, enterprise_admin
):
    drafted(secretariat, enterprise, title="第一项")
    client.force_login(enterprise_admin)

    def add_rows():
        for n in range(4):
            services.propose(
                actor=None, proposer=enterprise, title=f"提案{n}", scope="范围", reason="理由"
            )

    def shows(page, when):
        assert "第一项" in page and (when == "few" or "提案3" in page)

    assert_flat(client, reverse("standards:mine"), add_rows, shows=shows)


def test_a_unit_that_is_not_a_member_may_not_propose(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.get(reverse("standards:propose"))
    assert response.status_code == 403
    assert "Propose a standard" not in response.content.decode()
