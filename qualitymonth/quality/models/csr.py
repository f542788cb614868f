"""Corporate social responsibility reports (社会责任报告): a yearly PDF with a data sheet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit
from qualitymonth.quality.models.teams import Industry


class CSRStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    CHECKED = "checked", _("checked")
    PUBLISHED = "published", _("published")


class CSRReport(models.Model):
    enterprise = models.ForeignKey(
        Unit, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="csr_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    pdf = models.FileField(_("report (PDF)"), upload_to="quality/csr/", blank=True)
    pdf_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CSRStatus.choices, default=CSRStatus.SUBMITTED
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    check_note = models.TextField(_("note of the check"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("CSR report")
        verbose_name_plural = _("CSR reports")
        ordering = ["-year", "enterprise__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="quality_one_csr_a_year")
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"


class CSRFigure(models.Model):
    """One line of the data sheet: the figure as given, with its unit and indicator."""

    report = models.ForeignKey(
        CSRReport, verbose_name=_("CSR report"), on_delete=models.CASCADE, related_name="figures"
    )
    indicator = models.CharField(_("indicator"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    reference = models.CharField(_("GRI / GB/T 36001 indicator"), max_length=120)

    class Meta:
        verbose_name = _("CSR figure")
        verbose_name_plural = _("CSR figures")
        ordering = ["report", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="quality_one_figure_each")
        ]

    def __str__(self):
        return f"{self.indicator} {self.value} {self.unit}"
