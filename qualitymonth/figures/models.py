"""Stored figures: computed by the worker, frozen on publication, or entered by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FigureValue(models.Model):
    """One figure for one year (and one dimension value; "" is the whole year).

    The worker keeps the current value (`frozen` false); publishing the year copies it to a
    frozen row, which later recomputes never touch, so both can be shown side by side."""

    key = models.CharField(_("figure"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    dimension = models.CharField(_("dimension"), max_length=120, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    version = models.PositiveSmallIntegerField(_("definition version"))
    fingerprint = models.CharField(_("records fingerprint"), max_length=32)
    computed_at = models.DateTimeField(_("computed at"))
    frozen = models.BooleanField(_("frozen"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("figure value")
        verbose_name_plural = _("figure values")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year", "dimension", "frozen"], name="figure_value_once"
            )
        ]

    def __str__(self):
        return f"{self.key} {self.year} {self.dimension}".strip()


class PublishedYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("published year")
        verbose_name_plural = _("published years")

    def __str__(self):
        return str(self.year)


def source_path(entry, filename: str) -> str:
    return f"figures/sources/{entry.year}/{filename}"


class HandEntry(models.Model):
    """A figure the platform cannot count, with the document it comes from. A computed
    figure may be entered too for a year before the platform held its records (from that
    year's report); the entry then stands in for the computation."""

    key = models.CharField(_("figure"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.FileField(_("source document"), upload_to=source_path)
    source_name = models.CharField(_("source file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("hand-entered figure")
        verbose_name_plural = _("hand-entered figures")
        ordering = ["-entered_at", "-pk"]

    def __str__(self):
        return f"{self.key} {self.year}"


def export_path(export, filename: str) -> str:
    return f"open-data/{filename}"


class OpenDataExport(models.Model):
    """The open-data ZIP as the worker built it, with the same rows kept for the JSON API;
    pages and the API only read the latest one."""

    created_at = models.DateTimeField(_("generated at"))
    file = models.FileField(_("ZIP file"), upload_to=export_path)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    digest = models.CharField(_("SHA-256 of the rows"), max_length=64)
    # [{"key", "name", "description", "columns": [[name, description]…], "rows": count}]
    manifest = models.JSONField(_("datasets"), default=list)
    # {dataset key: [[cell, …], …]}: what the API answers, never computed on a request.
    data = models.JSONField(_("rows"), default=dict)

    class Meta:
        verbose_name = _("open-data export")
        verbose_name_plural = _("open-data exports")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class ReportKind(models.TextChoices):
    COUNCIL = "council", _("council work report")
    WHITE_PAPER = "white_paper", _("quality white paper")
    CAMPAIGN = "campaign", _("campaign summary")
    FREE = "free", _("blank document")


class Report(models.Model):
    """A document the secretariat composes from sections, exported as DOCX and PDF."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("template"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # Show large numbers in 万 and 亿, as Chinese reports print them.
    in_wan = models.BooleanField(_("large numbers in 万 and 亿"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        # "report" alone is a citizen's report (举报) in the citizen services.
        verbose_name = pgettext_lazy("composed document", "report")
        verbose_name_plural = pgettext_lazy("composed document", "reports")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title


class SectionKind(models.TextChoices):
    TEXT = "text", _("text")
    FIGURES = "figures", _("figures of the year")
    TABLE = "table", _("table over the years")
    CHART = "chart", _("chart over the years")
    # Parts read from the modules: the year's (or one chosen) campaign, index runs, cases,
    # award rounds.
    CAMPAIGN = "campaign", _("campaign digest")
    INDEX = "index", _("index chapter")
    SERVICES = "services", _("citizen-service figures")
    AWARDS = "awards", _("award list")


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # Figure keys of the registry; a key no longer declared is reported, never dropped.
    figures = models.JSONField(_("figures"), default=list, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    # The campaign, evaluation round or award round a module's section reads (empty: those of
    # the report's year). A plain number, not a foreign key: when the record is deleted the
    # section says so, by the name kept beside it, instead of vanishing.
    source = models.PositiveIntegerField(_("source record"), null=True, blank=True)
    source_name = models.CharField(_("source record's name"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report", "position", "pk"]

    def __str__(self):
        return self.heading
