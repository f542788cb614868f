"""A draft imported from a Word file: each heading starts a clause, paragraphs below it are
its text. A heading's own number (3.2, A.1) is kept; otherwise it is numbered by level."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qualitymonth.core.documents import DOCX
from qualitymonth.core.uploads import attachment_content_type
from qualitymonth.standards import services
from qualitymonth.standards.services import ClauseLine

NUMBERED = re.compile(r"^\s*(?P<number>(\d+(\.\d+)*|[A-Z](\.\d+)*))[\s\u3000]+(?P<heading>.+)$")
HEADING_STYLE = re.compile(r"^(Heading|标题)\s*(?P<level>\d)$")


def clauses_from_docx(upload) -> list[ClauseLine]:
    from docx import Document

    try:
        is_docx = attachment_content_type(upload) == DOCX
    except ValidationError:
        is_docx = False
    if not is_docx:
        raise ValidationError(
            _("%(name)s is not a Word (DOCX) file. Save the draft as .docx and try again.")
            % {"name": getattr(upload, "name", "")},
            code="not_docx",
        )
    upload.seek(0)
    document = Document(upload)
    clauses: list[list] = []
    counters: list[int] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = HEADING_STYLE.match(paragraph.style.name if paragraph.style else "")
        if style:
            level = int(style["level"])
            counters = (counters + [0] * level)[:level]
            counters[-1] += 1
            match = NUMBERED.match(text)
            if match:
                number, heading = match["number"], match["heading"].strip()
            else:
                number, heading = ".".join(str(n) for n in counters), text
            clauses.append([number, heading, []])
        elif clauses:
            clauses[-1][2].append(text)
    if not clauses:
        raise ValidationError(
            _("No heading was found in the file: mark each clause's title as a heading."),
            code="no_headings",
        )
    return [ClauseLine(number, heading, "\n".join(text)) for number, heading, text in clauses]


def import_draft(*, actor, standard, upload, note: str = ""):
    """The file's clauses as the standard's next draft version (all or nothing)."""
    clauses = clauses_from_docx(upload)
    return services.add_version(actor=actor, standard=standard, clauses=clauses, note=note)
