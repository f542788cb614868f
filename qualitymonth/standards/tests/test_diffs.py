"""The diff between two draft versions, clause by clause, and its page."""

from django.urls import reverse

from qualitymonth.standards import diffs, services
from qualitymonth.standards.services import ClauseLine
from qualitymonth.standards.tests.conftest import CLAUSES, drafted
from tests.answers import assert_not_found


def test_clauses_are_matched_by_number_and_a_removed_one_shows_where_it_stood():
    old = [ClauseLine("1", "范围", "甲"), ClauseLine("2", "引用", ""), ClauseLine("3", "术语", "")]
    new = [ClauseLine("1", "范围", "甲乙"), ClauseLine("3", "术语", ""), ClauseLine("4", "要求")]
    changes = diffs.compare(old, new)
    assert [(c.number, c.status) for c in changes] == [
        ("1", "changed"),
        ("2", "removed"),
        ("3", "same"),
        ("4", "added"),
    ]
    assert changes[0].text == (diffs.Piece("equal", "甲"), diffs.Piece("insert", "乙"))


def test_a_changed_word_is_shown_deleted_and_inserted_within_the_clause():
    found = diffs.pieces("企业宜建立制度", "企业应建立制度")
    assert found == (
        diffs.Piece("equal", "企业"),
        diffs.Piece("delete", "宜"),
        diffs.Piece("insert", "应"),
        diffs.Piece("equal", "建立制度"),
    )


def test_the_diff_page_marks_what_the_working_group_changed(
    client, secretariat, enterprise, enterprise_admin
):
    standard = drafted(secretariat, enterprise)
    changed = [*CLAUSES[:3], ClauseLine("3.1", "生产现场", "从事药品生产的洁净场所。")]
    services.add_version(actor=secretariat, standard=standard, clauses=changed, note="改定义")
    client.force_login(enterprise_admin)
    standard_page = client.get(reverse("standards:standard", args=[standard.pk]))
    assert reverse("standards:diff", args=[standard.pk]) in standard_page.content.decode()
    page = client.get(reverse("standards:diff", args=[standard.pk])).content.decode()
    assert "<del>产</del><ins>药</ins>" in page and "<ins>洁净</ins>" in page
    assert "1 changed, 0 added, 0 removed." in page


def test_a_draft_with_one_version_has_no_diff(client, secretariat, enterprise, enterprise_admin):
    standard = drafted(secretariat, enterprise)
    client.force_login(enterprise_admin)
    assert_not_found(client.get(reverse("standards:diff", args=[standard.pk])))


def test_an_outsider_cannot_read_the_diff_of_a_draft_not_yet_public(
    client, secretariat, enterprise, bureau_admin
):
    standard = drafted(secretariat, enterprise)
    services.add_version(actor=secretariat, standard=standard, clauses=CLAUSES[:2])
    client.force_login(bureau_admin)
    assert_not_found(client.get(reverse("standards:diff", args=[standard.pk])), standard.title)
