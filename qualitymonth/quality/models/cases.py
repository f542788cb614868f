"""The case library (案例库) and honours from other bodies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit
from qualitymonth.quality.models.results import Method, Result
from qualitymonth.quality.models.teams import Industry


class Case(models.Model):
    enterprise = models.ForeignKey(
        Unit, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="quality_cases"
    )
    title = models.CharField(_("title"), max_length=300)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    summary = models.TextField(_("summary"))
    benefits = models.CharField(_("benefits"), max_length=300, blank=True)
    patents = models.PositiveSmallIntegerField(_("patents"), default=0)
    result = models.OneToOneField(
        Result,
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case",
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The day the case entered the library, so the library's growth is counted by year.
    promoted_on = models.DateField(_("in the library since"), default=timezone.localdate)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["title"]

    def __str__(self):
        return self.title


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")


class Honour(models.Model):
    """An award an enterprise received from another body, recorded with its proof."""

    enterprise = models.ForeignKey(
        Unit, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="honours"
    )
    name = models.CharField(_("honour"), max_length=200)
    body = models.CharField(_("awarded by"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    proof = models.FileField(_("proof"), upload_to="quality/honours/", blank=True)
    proof_name = models.CharField(_("file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Counted in the figures only once the secretariat has checked the proof.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.enterprise} {self.name} {self.year}"
