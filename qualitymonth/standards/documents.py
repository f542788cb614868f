"""The published text of a standard as an A4 PDF (cover, foreword, clauses, annexes) and the
one-file export of what the national group-standard information platform asks for."""

from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.pdf import render_pdf
from qualitymonth.core.spreadsheets import to_xlsx
from qualitymonth.standards import selectors
from qualitymonth.standards.models import State

PUBLISHED_STATES = (State.PUBLISHED, State.REVISED, State.WITHDRAWN)


def _is_annex(number: str) -> bool:
    return number[:1].isalpha()


def _dashed(day) -> str:
    return day.isoformat() if day else ""


def standard_pdf(standard) -> bytes:
    """The text as published: the document is Chinese whatever the reader's language."""
    version = selectors.current_version(standard)
    clauses = list(selectors.clauses_of(version)) if version else []
    for clause in clauses:
        clause.level = clause.number.count(".") + 1
        clause.is_annex = _is_annex(clause.number)
    with translation.override("zh-hans"):
        return render_pdf(
            "standards/standard_print.html",
            {
                "standard": standard,
                "publisher": selectors.publisher(),
                "drafting_units": selectors.drafting_units_of(standard),
                "body": [c for c in clauses if not c.is_annex],
                "annexes": [c for c in clauses if c.is_annex],
                "approved_on": _dashed(standard.approved_on),
                "implemented_on": _dashed(standard.implemented_on),
            },
        )


def _platform_header() -> list[str]:
    return [
        _("Standard number"),
        _("Chinese title"),
        _("English title"),
        _("Status"),
        _("Plan number"),
        _("Proposer"),
        _("Drafting units"),
        _("Drafters"),
        _("Scope"),
        _("Related national or industry standards"),
        _("Public comment opens"),
        _("Public comment closes"),
        _("Comments received"),
        _("Comments accepted"),
        _("Review decision"),
        _("Approval date"),
        _("Implementation date"),
        _("Replaces"),
    ]


def platform_rows() -> list[list]:
    rows = []
    for standard in selectors.for_platform():
        rows.append(
            [
                standard.number,
                standard.title,
                standard.title_en,
                standard.get_state_display(),
                standard.plan_number,
                standard.proposer.name,
                "、".join(unit.name for unit in standard.drafting_units.all()),
                standard.drafters,
                standard.scope,
                standard.related_standards,
                _dashed(standard.comment_opens_at and standard.comment_opens_at.date()),
                _dashed(standard.comment_closes_at and standard.comment_closes_at.date()),
                standard.comments_received,
                standard.comments_accepted,
                standard.get_review_decision_display(),
                _dashed(standard.approved_on),
                _dashed(standard.implemented_on),
                standard.revises.number if standard.revises_id else "",
            ]
        )
    return rows


def platform_xlsx() -> bytes:
    """Every numbered standard, one row each, in the platform's order of fields."""
    return to_xlsx(_platform_header(), platform_rows(), sheet=_("Group standards"))
