"""The composed report as DOCX (A4, 仿宋 body, 黑体 headings, page numbers, a table of
contents Word fills in) and as PDF; charts are drawn as PNG on the server."""

import base64
import io

from django.utils.translation import gettext as _

from qualitymonth.core.documents import cjk_font_path, new_docx
from qualitymonth.core.pdf import render_pdf
from qualitymonth.figures.models import Report, SectionKind
from qualitymonth.figures.selectors_reports import Composed

BODY_FONT = "仿宋"  # FangSong: the body of Chinese official documents
HEADING_FONT = "黑体"  # SimHei: their headings


def chart_png(points: list[tuple[int, float]], *, width: int = 1200, height: int = 560) -> bytes:
    """Bars by year with their values, as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    path = cjk_font_path()
    font = ImageFont.truetype(path, 24) if path else ImageFont.load_default()
    left, right, top, bottom = 40, 40, 50, 60
    high = max([value for _year, value in points] + [1e-9])
    slot = (width - left - right) / max(len(points), 1)
    for n, (year, value) in enumerate(points):
        x = left + n * slot + slot * 0.2
        bar_top = top + (height - top - bottom) * (1 - max(value, 0) / high)
        draw.rectangle([x, bar_top, x + slot * 0.6, height - bottom], fill="#0b5cad")
        centre = x + slot * 0.3
        draw.text((centre, bar_top - 8), f"{value:g}", fill="#222", font=font, anchor="md")
        draw.text((centre, height - bottom + 12), str(year), fill="#222", font=font, anchor="ma")
    draw.line([left, height - bottom, width - right, height - bottom], fill="#888", width=2)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def _font(style, name: str, size: int, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC…) that Word computes when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run = paragraph.add_run()
        run._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _module_part(document, part: Composed) -> None:
    """A module's section: its summary lines, any note, then each table under its caption."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for paragraph in part.paragraphs + part.notes:
        document.add_paragraph(paragraph).paragraph_format.first_line_indent = Cm(1.1)
    for block in part.tables:
        document.add_paragraph(block.caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
        rows = block.rows or [[_("Nothing yet.")] + [""] * (len(block.header) - 1)]
        _table(document, list(block.header), rows)


def report_docx(report: Report, composed: list[Composed]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = new_docx()
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 16)
    _font(styles["Title"], HEADING_FONT, 22)
    _font(styles["Heading 1"], HEADING_FONT, 16)
    for section in document.sections:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("— ")
        _field(footer, "PAGE", "1")
        footer.add_run(" —")
    document.add_paragraph(report.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(_("Contents"), 1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        _("Right-click here and update the field to show the table of contents."),
    )
    for part in composed:
        section = part.section
        document.add_heading(section.heading, 1)
        if section.kind == SectionKind.TEXT:
            for paragraph in part.paragraphs:
                document.add_paragraph(paragraph).paragraph_format.first_line_indent = Cm(1.1)
        elif part.from_module:
            _module_part(document, part)
        elif section.kind == SectionKind.FIGURES:
            _table(
                document,
                [_("Figure"), str(report.year), _("Unit")],
                [[name, value, unit] for name, value, unit in part.items],
            )
        elif section.kind == SectionKind.TABLE:
            _table(
                document,
                [_("Figure")] + [str(y) for y in part.years],
                [[f"{name}（{unit}）", *values] for name, unit, values in part.rows],
            )
        elif section.kind == SectionKind.CHART and part.series:
            document.add_picture(io.BytesIO(chart_png(part.series)), width=Cm(15))
            name, unit, _values = part.rows[0]
            document.add_paragraph(f"{name}（{unit}）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def report_pdf(report: Report, composed: list[Composed]) -> bytes:
    charts = {
        part.section.pk: "data:image/png;base64,"
        + base64.b64encode(chart_png(part.series)).decode("ascii")
        for part in composed
        if part.section.kind == SectionKind.CHART and part.series
    }
    parts = [(part, charts.get(part.section.pk, "")) for part in composed]
    return render_pdf("figures/report_print.html", {"report": report, "parts": parts})
