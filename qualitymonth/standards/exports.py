"""The handling table of public comments (意见汇总处理表) as XLSX and DOCX."""

import io

from django.utils.translation import gettext as _

from qualitymonth.core.documents import new_docx
from qualitymonth.core.spreadsheets import to_xlsx
from qualitymonth.standards import selectors


def _header() -> list[str]:
    return [
        _("No."),
        _("Clause"),
        _("Type"),
        _("Comment"),
        _("Proposed change"),
        _("Commented by"),
        _("Decision"),
        _("Reason"),
    ]


def _who(comment) -> str:
    if comment.unit_id:
        return comment.unit.name
    return comment.author.get_full_name() or _("a member of the public")


def handling_rows(standard) -> list[list]:
    rows = []
    for index, comment in enumerate(selectors.comments_of(standard), start=1):
        answer = getattr(comment, "answer", None)
        rows.append(
            [
                index,
                comment.clause.number,
                comment.get_kind_display(),
                comment.comment,
                comment.proposed_change,
                _who(comment),
                answer.get_decision_display() if answer else "",
                answer.reason if answer else "",
            ]
        )
    return rows


def handling_xlsx(standard) -> bytes:
    return to_xlsx(_header(), handling_rows(standard), sheet=_("Handling of comments"))


def handling_docx(standard) -> bytes:
    document = new_docx()
    document.add_heading(_("Handling of public comments"), level=1)
    document.add_paragraph(standard.title)
    if standard.handling_final_at is None:
        document.add_paragraph(_("Draft: not every comment has been answered yet."))
    header = _header()
    rows = handling_rows(standard)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for column, title in enumerate(header):
        table.cell(0, column).text = title
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            table.cell(line, column).text = str(value)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
