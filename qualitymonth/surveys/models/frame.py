"""The sampling frame: industries, and the sites, enterprises and respondents surveyed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized


class Industry(models.Model):
    """A service industry whose windows are inspected (banks, hospitals, the metro…)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    public_service = models.BooleanField(
        _("public-service industry"),
        default=False,
        help_text=_("One of the public-service industries evaluated by a third party."),
    )

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["key"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class SiteKind(models.TextChoices):
    SITE = "site", _("inspection site")
    ENTERPRISE = "enterprise", _("enterprise")
    RESPONDENT = "respondent", _("respondent")


class Site(models.Model):
    """One entry of an evaluation's sampling frame: a site (点位), an enterprise or a person."""

    evaluation = models.ForeignKey(
        "surveys.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="sites",
    )
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=SiteKind.choices)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="survey_sites",
        limit_choices_to={"kind": "district"},
    )
    street = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("street or town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_street_sites",
        limit_choices_to={"kind": "street"},
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
    )
    enterprise = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_frame_entries",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("sampling frame entry")
        verbose_name_plural = _("sampling frame")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "code"],
                name="site_code_once_per_evaluation",
                violation_error_message=_("This code is already in the sampling frame."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
