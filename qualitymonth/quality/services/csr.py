"""CSR reports: submitted with their data sheet (all or nothing), checked and published."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import attachment_content_type, store_on_commit
from qualitymonth.quality.models import CSRFigure, CSRReport, CSRStatus

# indicator → (label, base unit, {unit: factor to the base unit}, reference)
INDICATORS = {
    "carbon": (
        gettext_lazy("carbon emissions reduced"),
        "t",
        {"t": Decimal(1), "万t": Decimal(10000)},
        "GRI 305-5；GB/T 36001 环境",
    ),
    "waste": (
        gettext_lazy("waste reduced"),
        "t",
        {"t": Decimal(1), "万t": Decimal(10000)},
        "GRI 306-2；GB/T 36001 环境",
    ),
    "energy": (
        gettext_lazy("energy saved"),
        "tce",
        {"tce": Decimal(1), "万tce": Decimal(10000)},
        "GRI 302-4；GB/T 36001 环境",
    ),
    "employees": (
        gettext_lazy("employees"),
        "人",
        {"人": Decimal(1)},
        "GRI 2-7；GB/T 36001 劳工实践",
    ),
    "donations": (
        gettext_lazy("donations"),
        "万元",
        {"元": Decimal("0.0001"), "万元": Decimal(1)},
        "GRI 201-1；GB/T 36001 社区参与和发展",
    ),
}


def figure_errors(figures: list[dict]) -> list[str]:
    errors = []
    for line in figures:
        indicator = line.get("indicator", "")
        if indicator not in INDICATORS:
            errors.append(
                _("“%(name)s” is not an indicator of the data sheet.") % {"name": indicator}
            )
            continue
        label, _base, units, _ref = INDICATORS[indicator]
        unit = (line.get("unit") or "").strip()
        if unit not in units:
            errors.append(
                _("%(indicator)s: give the unit as one of %(units)s.")
                % {"indicator": label, "units": "、".join(units)}
            )
        try:
            value = Decimal(str(line.get("value", "")).strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            errors.append(_("%(indicator)s: write a number.") % {"indicator": label})
        elif value < 0:
            errors.append(
                _("%(indicator)s cannot be negative; report a reduction as a positive figure.")
                % {"indicator": label}
            )
    return errors


@transaction.atomic
def submit_csr_report(
    *, actor, enterprise, year: int, industry: str, pdf, figures: list[dict], is_demo=False
) -> CSRReport:
    """The PDF is checked by its content; every figure is checked before anything is saved."""
    errors = figure_errors(figures)
    if pdf is not None:
        try:
            if attachment_content_type(pdf) != "application/pdf":
                errors.append(_("The report must be a PDF file."))
        except ValidationError as error:
            errors.extend(error.messages)
    elif not is_demo:
        errors.append(_("Attach the report as a PDF file."))
    if CSRReport.objects.filter(enterprise=enterprise, year=year).exists():
        errors.append(_("The report for %(year)s is already submitted.") % {"year": year})
    if errors:
        raise ValidationError(errors)
    report = CSRReport(enterprise=enterprise, year=year, industry=industry, is_demo=is_demo)
    if pdf is not None:
        report.pdf_name = (getattr(pdf, "name", "") or "report.pdf")[-255:]
        store_on_commit(report, "pdf", pdf, ".pdf")
    report.save()
    for line in figures:
        CSRFigure.objects.create(
            report=report,
            indicator=line["indicator"],
            value=Decimal(str(line["value"]).strip()),
            unit=line["unit"].strip(),
            reference=line.get("reference") or INDICATORS[line["indicator"]][3],
        )
    log_action(actor=actor, action="quality_csr.submit", obj=report)
    return report


@transaction.atomic
def check_report(*, actor, report, note: str) -> CSRReport:
    """First step: the secretariat has checked the PDF against the data sheet and says what it
    found; the report is not public yet."""
    report = CSRReport.objects.select_for_update().get(pk=report.pk)
    if report.status != CSRStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be checked."))
    if not (note or "").strip():
        raise ValidationError(
            {"check_note": _("Note of the check: say what was checked and what was found.")}
        )
    report.status = CSRStatus.CHECKED
    report.checked_by = actor
    report.checked_at = timezone.now()
    report.check_note = note.strip()
    report.save(update_fields=["status", "checked_by", "checked_at", "check_note"])
    log_action(
        actor=actor,
        action="quality_csr.check",
        obj=report,
        changes={
            "status": [CSRStatus.SUBMITTED, CSRStatus.CHECKED],
            "note": [None, report.check_note],
        },
    )
    return report


@transaction.atomic
def publish_report(*, actor, report) -> CSRReport:
    """Second step: a checked report goes on the public list and counts in the totals."""
    report = CSRReport.objects.select_for_update().get(pk=report.pk)
    if report.status == CSRStatus.PUBLISHED:
        raise ValidationError(_("This report is already published."))
    if report.status != CSRStatus.CHECKED:
        raise ValidationError(_("Check the report (with a note) before publishing it."))
    report.status = CSRStatus.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    log_action(
        actor=actor,
        action="quality_csr.publish",
        obj=report,
        changes={"status": [CSRStatus.CHECKED, CSRStatus.PUBLISHED]},
    )
    return report


@transaction.atomic
def check_and_publish(*, actor, report, note: str = "") -> CSRReport:
    """Both steps at once, for a report checked outside the site (each step is audited)."""
    check_report(actor=actor, report=report, note=note or _("Checked against the data sheet."))
    return publish_report(actor=actor, report=report)
