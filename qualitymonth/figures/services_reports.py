"""Writes of the report composer: a report from a shipped template, its sections added,
moved and removed. A section is checked whole before anything is saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.figures.models import Report, ReportKind, Section, SectionKind
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.report_templates import TEMPLATES
from qualitymonth.figures.selectors_report_parts import FROM_MODULES, resolve_source


@transaction.atomic
def create_report(*, actor, title: str, kind: str, year: int) -> Report:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the document a title."))
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose one of the templates."))
    report = Report.objects.create(title=title, kind=kind, year=year, created_by=actor)
    for position, (section_kind, heading, content) in enumerate(TEMPLATES[kind], start=1):
        text = str(content) if section_kind == SectionKind.TEXT else ""
        keys = [] if section_kind == SectionKind.TEXT else list(content)
        Section.objects.create(
            report=report,
            position=position,
            kind=section_kind,
            heading=str(heading),
            text=text,
            figures=[key for key in keys if get_figure(key) is not None],
        )
    log_action(actor=actor, action="figures.report_create", obj=report, changes={"kind": kind})
    return report


def _checked(kind: str, heading: str, text: str, figures: list[str]) -> tuple[str, list[str]]:
    heading = (heading or "").strip()
    if kind not in SectionKind.values:
        raise ValidationError(_("Choose what the section holds."))
    if not heading:
        raise ValidationError(_("Give the section a heading."))
    if kind in FROM_MODULES:
        return heading, []
    if kind == SectionKind.TEXT:
        if not (text or "").strip():
            raise ValidationError(_("Write the section's text."))
        return heading, []
    unknown = [key for key in figures if get_figure(key) is None]
    if unknown:
        raise ValidationError(
            _("There is no figure “%(key)s”: choose figures from the list.") % {"key": unknown[0]}
        )
    if not figures:
        raise ValidationError(_("Choose at least one figure for this section."))
    if kind == SectionKind.CHART and len(figures) > 1:
        raise ValidationError(_("A chart shows one figure: choose only one."))
    return heading, list(dict.fromkeys(figures))


@transaction.atomic
def add_section(
    *,
    actor,
    report: Report,
    kind: str,
    heading: str,
    text="",
    figures=(),
    first_year=None,
    source="",
) -> Section:
    """`source` names the campaign, evaluation round or award round of a module's section as
    "kind:pk" (empty: those of the report's year)."""
    heading, keys = _checked(kind, heading, text, list(figures))
    source_pk, source_name = resolve_source(kind, source) if kind in FROM_MODULES else (None, "")
    last = report.sections.aggregate(last=Max("position"))["last"] or 0
    section = Section.objects.create(
        report=report,
        position=last + 1,
        kind=kind,
        heading=heading,
        text=(text or "").strip() if kind == SectionKind.TEXT else "",
        figures=keys,
        first_year=first_year if kind in (SectionKind.TABLE, SectionKind.CHART) else None,
        source=source_pk,
        source_name=source_name,
    )
    report.save(update_fields=["updated_at"])
    log_action(actor=actor, action="figures.section_add", obj=report, changes={"section": heading})
    return section


@transaction.atomic
def remove_section(*, actor, section: Section) -> None:
    report = section.report
    heading = section.heading
    section.delete()
    report.save(update_fields=["updated_at"])
    log_action(
        actor=actor, action="figures.section_remove", obj=report, changes={"section": heading}
    )


@transaction.atomic
def move_section(*, actor, section: Section, up: bool) -> None:
    sections = list(Section.objects.select_for_update().filter(report_id=section.report_id))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
