"""The standards pages as their readers use them."""

from django.urls import reverse

from qualitymonth.standards import selectors, services
from qualitymonth.standards.models import Comment, State
from qualitymonth.standards.tests.conftest import close_comments, drafted, in_comment
from tests.answers import assert_not_found
from tests.queries import assert_flat


def test_a_signed_in_citizen_comments_on_a_clause_from_the_standards_page(
    client, secretariat, enterprise, citizen
):
    standard = in_comment(secretariat, enterprise)
    clause = selectors.current_version(standard).clauses.get(number="3.1")
    client.force_login(citizen)
    page = client.get(reverse("standards:standard", args=[standard.pk])).content.decode()
    assert reverse("standards:comment", args=[clause.pk]) in page
    response = client.post(
        reverse("standards:comment", args=[clause.pk]),
        {"kind": "te", "comment": "定义应包括洁净区", "proposed_change": ""},
        follow=True,
    )
    assert "3.1" in response.content.decode()
    assert Comment.objects.get().comment == "定义应包括洁净区"


def test_a_comment_after_the_close_is_refused_on_the_page(client, secretariat, enterprise, citizen):
    standard = in_comment(secretariat, enterprise)
    clause = selectors.current_version(standard).clauses.get(number="1")
    close_comments(standard)
    client.force_login(citizen)
    response = client.post(
        reverse("standards:comment", args=[clause.pk]),
        {"kind": "te", "comment": "晚了"},
        follow=True,
    )
    assert "closed" in response.content.decode() or "截止" in response.content.decode()
    assert not Comment.objects.exists()


def test_another_units_draft_answers_404(client, secretariat, enterprise, bureau_admin):
    standard = drafted(secretariat, enterprise)
    client.force_login(bureau_admin)
    assert_not_found(client.get(reverse("standards:standard", args=[standard.pk])), standard.title)


def test_the_catalogue_lists_public_standards_and_filters_by_status(
    client, secretariat, enterprise
):
    public = in_comment(secretariat, enterprise, title="公开征求意见的标准")
    drafted(secretariat, enterprise, title="起草中的标准")
    page = client.get(reverse("standards:catalogue")).content.decode()
    assert public.title in page and "起草中的标准" not in page
    filtered = client.get(reverse("standards:catalogue"), {"state": State.PUBLISHED})
    assert public.title not in filtered.content.decode()


def test_the_catalogue_asks_the_same_queries_for_one_and_many_standards(
    client, secretariat, enterprise
):
    in_comment(secretariat, enterprise, title="第一项")

    def add_rows():
        for n in range(4):
            in_comment(secretariat, enterprise, title=f"更多标准{n}")

    assert_flat(client, reverse("standards:catalogue"), add_rows)


def test_the_working_group_answers_and_the_public_reads_the_final_table(
    client, secretariat, enterprise, enterprise_admin, citizen
):
    standard = in_comment(secretariat, enterprise)
    clause = selectors.current_version(standard).clauses.get(number="1")
    services.add_comment(actor=citizen, clause=clause, kind="ge", comment="建议增加示例")
    close_comments(standard)
    client.force_login(enterprise_admin)
    comment = Comment.objects.get()
    client.post(
        reverse("standards:answers", args=[standard.pk]),
        {"comment": comment.pk, "decision": "partly", "reason": "示例放入附录"},
    )
    client.post(reverse("standards:finalise", args=[standard.pk]))
    client.force_login(citizen)
    page = client.get(reverse("standards:handling", args=[standard.pk])).content.decode()
    assert "示例放入附录" in page


def test_the_handling_table_before_final_is_hidden_from_the_public(
    client, secretariat, enterprise, citizen
):
    standard = in_comment(secretariat, enterprise)
    client.force_login(citizen)
    assert_not_found(client.get(reverse("standards:handling", args=[standard.pk])))


def test_the_secretariat_approves_a_proposal_with_plan_number_and_schedule(
    client, secretariat, enterprise
):
    standard = services.propose(
        actor=None, proposer=enterprise, title="新提案", scope="范围", reason="理由"
    )
    client.force_login(secretariat)
    assert "新提案" in client.get(reverse("standards:proposals")).content.decode()
    client.post(
        reverse("standards:approve", args=[standard.pk]),
        {"plan_number": "2026-05", "starts_on": "2026-03-01", "ends_on": "2026-11-30"},
    )
    standard.refresh_from_db()
    assert (standard.state, standard.plan_number) == (State.APPROVED, "2026-05")
