"""The yearly digest as a document: DOCX with python-docx, PDF with WeasyPrint."""

import io

from django.utils.translation import gettext as _

from qualitymonth.core.documents import DOCX, new_docx  # noqa: F401  (views read documents.DOCX)
from qualitymonth.core.pdf import NoChineseFont, chinese_font_available, render_pdf  # noqa: F401


def digest_pdf(context: dict) -> bytes:
    return render_pdf("campaigns/digest_print.html", context)


def digest_docx(context: dict) -> bytes:
    campaign, digest = context["campaign"], context["digest"]
    document = new_docx()
    document.add_heading(
        _("%(year)s Quality Month: the year's activities") % {"year": campaign.year}, 0
    )
    document.add_paragraph(campaign.display_theme)
    totals = digest["totals"]
    document.add_heading(_("In figures"), 1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        (_("Activities"), totals["activities"]),
        (_("Participants on site"), totals["participants"]),
        (_("Online viewers"), totals["online_viewers"]),
        (_("Reporting units"), digest["units"]),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), f"{value:,}"
    for title, rows, name in (
        (_("By category"), digest["by"]["category"], "object"),
        (_("By kind"), digest["by"]["kind"], "label"),
        (_("By district"), digest["by"]["district"], "object"),
    ):
        document.add_heading(title, 2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text, header[1].text, header[2].text = (
            "",
            str(_("Activities")),
            str(_("Participants on site")),
        )
        for row in rows:
            label = row.get(name)
            label = getattr(label, "display_name", label) or "—"
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = f"{row['activities']:,}"
            cells[2].text = f"{row['participants'] or 0:,}"
    for section in digest["sections"]:
        document.add_heading(str(section["label"]), 1)
        for activity in section["activities"]:
            document.add_heading(activity.title, 3)
            when = activity.starts_on.isoformat()
            if activity.ends_on != activity.starts_on:
                when += " – " + activity.ends_on.isoformat()
            facts = [when, activity.unit.display_name]
            if activity.place:
                facts.append(activity.place)
            document.add_paragraph(" · ".join(facts))
            if activity.description:
                document.add_paragraph(activity.description)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
