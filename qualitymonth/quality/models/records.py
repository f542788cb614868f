"""An enterprise's own records: GB/T 19580 self-assessments, claimed benefits of results."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit
from qualitymonth.quality.models.results import Result


class SelfAssessment(models.Model):
    """One year's GB/T 19580 self-assessment: the enterprise's points, then a reviewer's."""

    enterprise = models.ForeignKey(
        Unit,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="quality_one_assessment_a_year"
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    def get_absolute_url(self):
        return reverse("quality:assessment", args=[self.pk])


class AssessmentItem(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    code = models.CharField(_("item"), max_length=10)
    self_points = models.DecimalField(_("own points"), max_digits=6, decimal_places=1, null=True)
    reviewer_points = models.DecimalField(
        _("reviewer's points"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("opportunities for improvement"), blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="quality_one_item_each")
        ]

    def __str__(self):
        return self.code


class BenefitKind(models.TextChoices):
    COST = "cost", _("cost saved")
    DEFECTS = "defects", _("defects reduced")
    ENERGY = "energy", _("energy saved")


class Benefit(models.Model):
    """A benefit a result claims; it counts in totals only once a reviewer confirmed it."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="benefits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    evidence = models.FileField(_("evidence"), upload_to="quality/benefits/", blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["result", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value} {self.unit}"
