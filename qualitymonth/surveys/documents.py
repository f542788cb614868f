"""A white-paper chapter from an index run: DOCX (python-docx) and PDF (WeasyPrint).

The ranking chart is drawn once as a PNG with Pillow in a Chinese font, so both documents
carry the same picture; the PDF also gets the tables as HTML.
"""

import base64
import io

from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.documents import CJK_FONT, DOCX, cjk_font_path, new_docx  # noqa: F401
from qualitymonth.core.pdf import render_pdf
from qualitymonth.surveys import method, selectors
from qualitymonth.surveys.models import IndexRun, RunLevel


def chapter_context(run: IndexRun, *, language: str) -> dict:
    """Everything the chapter says, in the reader's language (the one they asked in)."""
    with translation.override(language):
        return _chapter_context(run, language)


def _chapter_context(run: IndexRun, language: str) -> dict:
    round_ = run.round
    districts = selectors.ranking(run, RunLevel.DISTRICT)
    industries = selectors.ranking(run, RunLevel.INDUSTRY)
    city = next(iter(selectors.ranking(run, RunLevel.CITY)), None)
    dimensions = selectors.top_nodes(run)
    return {
        "run": run,
        "round": round_,
        "language": language,
        "method": method.describe(run.method),
        "title": _("%(evaluation)s, %(year)s")
        % {
            "evaluation": round_.evaluation.display_name,
            "year": round_.year,
        },
        "city": city,
        "districts": districts,
        "industries": industries,
        "dimensions": dimensions,
        "summary": _summary(city, districts, dimensions),
        "chart": ranking_chart([(r.display_name, r.score) for r in districts]),
    }


def _summary(city, districts, dimensions) -> list[str]:
    lines = []
    if city is not None:
        text = _("The city scored %(score).2f out of 100 across %(units)s units.") % {
            "score": city.score,
            "units": city.units,
        }
        if city.change is not None:
            text += " " + _("That is %(change)+.2f on the year before.") % {"change": city.change}
        lines.append(text)
    if districts:
        best, worst = districts[0], districts[-1]
        lines.append(
            _("%(best)s ranked first (%(high).2f) and %(worst)s last (%(low).2f).")
            % {
                "best": best.display_name,
                "high": best.score,
                "worst": worst.display_name,
                "low": worst.score,
            }
        )
    if city is not None and dimensions:
        parts = [
            (n, city.parts.get(n.code)) for n in dimensions if city.parts.get(n.code) is not None
        ]
        if parts:
            strongest = max(parts, key=lambda pair: pair[1])
            weakest = min(parts, key=lambda pair: pair[1])
            lines.append(
                _(
                    "The strongest dimension was %(strong)s (%(high).1f), "
                    "the weakest %(weak)s (%(low).1f)."
                )
                % {
                    "strong": strongest[0].display_name,
                    "high": strongest[1],
                    "weak": weakest[0].display_name,
                    "low": weakest[1],
                }
            )
    return lines


def ranking_chart(rows: list[tuple[str, float]], *, width: int = 1200) -> bytes:
    """Horizontal bars, best first, as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    bar, gap, left, right, top = 36, 12, 260, 120, 20
    height = top * 2 + max(len(rows), 1) * (bar + gap)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    path = cjk_font_path()
    font = ImageFont.truetype(path, 24) if path else ImageFont.load_default()
    high = max([score for _name, score in rows] + [1e-9])
    span = width - left - right
    for n, (name, score) in enumerate(rows):
        y = top + n * (bar + gap)
        length = max(int(span * max(score, 0) / high), 1)
        draw.rectangle([left, y, left + length, y + bar], fill="#0b5cad")
        draw.text((left - 12, y + bar / 2), name, fill="#222", font=font, anchor="rm")
        draw.text(
            (left + length + 10, y + bar / 2), f"{score:.2f}", fill="#222", font=font, anchor="lm"
        )
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def chapter_pdf(context: dict) -> bytes:
    chart = base64.b64encode(context["chart"]).decode("ascii")
    with translation.override(context["language"]):
        return render_pdf(
            "surveys/chapter_print.html",
            {**context, "chart_src": f"data:image/png;base64,{chart}"},
        )


def chapter_docx(context: dict) -> bytes:
    with translation.override(context["language"]):
        return _chapter_docx(context)


def _chapter_docx(context: dict) -> bytes:
    from docx.shared import Cm

    document = new_docx()
    document.add_heading(context["title"], 1)
    for line in context["summary"]:
        document.add_paragraph(line)
    document.add_heading(_("Ranking of districts"), 2)
    document.add_picture(io.BytesIO(context["chart"]), width=Cm(16))
    dimensions = context["dimensions"]
    table = document.add_table(rows=1, cols=4 + len(dimensions))
    table.style = "Table Grid"
    # xgettext:no-python-format
    interval_heading = _("95% interval")
    heading = [_("Rank"), _("District"), _("Score"), interval_heading] + [
        n.display_name for n in dimensions
    ]
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        cell.text = str(text)
    for row in context["districts"]:
        interval = "—" if row.ci_low is None else f"{row.ci_low:.1f} – {row.ci_high:.1f}"
        values = [str(row.rank), row.display_name, f"{row.score:.2f}", interval] + [
            "" if row.parts.get(n.code) is None else f"{row.parts[n.code]:.1f}" for n in dimensions
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if context["industries"]:
        document.add_heading(_("Industries"), 2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [_("Rank"), _("Industry"), _("Score")], strict=True
        ):
            cell.text = str(text)
        for row in context["industries"]:
            for cell, text in zip(
                table.add_row().cells,
                [str(row.rank), row.display_name, f"{row.score:.2f}"],
                strict=True,
            ):
                cell.text = text
    document.add_heading(_("Method"), 2)
    for label, text in context["method"]:
        document.add_paragraph(_("%(label)s: %(text)s") % {"label": label, "text": text})
    document.add_paragraph(
        _("Fingerprint of the inputs: %(fingerprint)s")
        % {"fingerprint": context["run"].fingerprint[:16]}
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
