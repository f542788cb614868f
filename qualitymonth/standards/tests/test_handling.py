"""The handling table: final only when every comment has its answer; exported as XLSX and DOCX."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from qualitymonth.standards import exports, selectors, services
from qualitymonth.standards.models import Answer, CommentKind, Decision, State
from qualitymonth.standards.tests.conftest import close_comments, in_comment


@pytest.fixture
def commented(secretariat, enterprise, citizen, enterprise_admin):
    standard = in_comment(secretariat, enterprise)
    clauses = services.current_version(standard).clauses
    services.add_comment(
        actor=citizen, clause=clauses.get(number="1"), kind="te", comment="范围太窄"
    )
    services.add_comment(
        actor=enterprise_admin,
        clause=clauses.get(number="3.1"),
        kind="ed",
        comment="错字",
        proposed_change="改为“现场”",
        unit=enterprise,
    )
    close_comments(standard)
    return standard


def test_the_table_is_not_final_while_a_comment_has_no_answer(secretariat, commented):
    first, second = selectors.comments_of(commented)
    services.answer_comment(actor=secretariat, comment=first, decision="accepted", reason="")
    with pytest.raises(ValidationError, match="1 comments have no answer yet"):
        services.finalise_handling(actor=secretariat, standard=commented)
    commented.refresh_from_db()
    assert (commented.state, commented.handling_final_at) == (State.COMMENT, None)
    services.answer_comment(
        actor=secretariat, comment=second, decision="not_accepted", reason="原文无误"
    )
    services.finalise_handling(actor=secretariat, standard=commented)
    commented.refresh_from_db()
    assert commented.state == State.REVIEW and commented.handling_final_at is not None


def test_a_comment_not_accepted_needs_a_reason(secretariat, commented):
    comment = commented.versions.get().clauses.get(number="1").comments.get()
    with pytest.raises(ValidationError, match="Give the reason"):
        services.answer_comment(actor=secretariat, comment=comment, decision="partly", reason="")
    assert not Answer.objects.exists()


def test_the_xlsx_lists_each_comment_with_its_answer(secretariat, commented):
    comment = commented.versions.get().clauses.get(number="1").comments.get()
    services.answer_comment(actor=secretariat, comment=comment, decision="accepted", reason="")
    sheet = load_workbook(io.BytesIO(exports.handling_xlsx(commented))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    # Labels in the platform's language, as the downloaded file shows them.
    assert rows[0][1:4] == ["1", str(CommentKind.TECHNICAL.label), "范围太窄"]
    assert rows[0][6] == str(Decision.ACCEPTED.label)
    assert rows[1][1] == "3.1" and rows[1][5] == "上汽通用汽车有限公司" and rows[1][6] is None


def test_the_docx_has_one_table_row_per_comment(secretariat, commented):
    document = Document(io.BytesIO(exports.handling_docx(commented)))
    table = document.tables[0]
    assert len(table.rows) == 3
    assert table.cell(2, 4).text == "改为“现场”"
