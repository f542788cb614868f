"""Word documents as Chinese offices print them: A4, CJK body font in Word's East Asian slot;
and where the CJK font lies, for charts drawn on the server."""

import functools
import subprocess

CJK_FONT = "Noto Sans CJK SC"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def new_docx():
    """An empty python-docx Document on A4 with 2.5 cm margins (python-docx starts on US Letter)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    style = document.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(10.5)
    # Word takes East Asian text from its own font slot.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    return document


@functools.cache
def cjk_font_path() -> str | None:
    """The file of the installed CJK font (fontconfig's answer), None where there is none."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{CJK_FONT}:lang=zh"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None
