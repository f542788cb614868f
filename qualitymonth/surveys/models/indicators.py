"""Evaluations and their versioned indicator systems (dimension → indicator → item)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized


class UnitOfAnalysis(models.TextChoices):
    SITE = "site", _("each site or enterprise of the frame")
    RESPONSE = "response", _("each response (public questionnaires)")


class Evaluation(models.Model):
    """A standing evaluation run year after year: a civilisation index, a satisfaction survey…"""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit_of_analysis = models.CharField(
        _("what is scored"),
        max_length=10,
        choices=UnitOfAnalysis.choices,
        default=UnitOfAnalysis.SITE,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("surveys:evaluation", args=[self.key])

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Weighting(models.TextChoices):
    MANUAL = "manual", _("set by hand")
    EQUAL = "equal", _("equal")
    AHP = "ahp", _("AHP pairwise comparison")
    ENTROPY = "entropy", _("entropy method (from the data)")


class IndicatorSystem(models.Model):
    """One version of an evaluation's hierarchy; frozen once a run on it is published."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="systems",
    )
    version = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    # How the dimensions (the top level) are weighted; lower levels say so on their parent.
    weighting = models.CharField(
        _("weighting of the dimensions"),
        max_length=10,
        choices=Weighting.choices,
        default=Weighting.MANUAL,
    )
    ahp_matrix = models.JSONField(
        _("pairwise comparisons of the dimensions"), null=True, blank=True
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator system")
        verbose_name_plural = _("indicator systems")
        ordering = ["evaluation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "version"],
                name="indicator_system_version_once",
                violation_error_message=_("This version already exists."),
            )
        ]

    def __str__(self):
        return f"{self.evaluation} v{self.version}"


class Level(models.TextChoices):
    DIMENSION = "dimension", _("dimension")
    INDICATOR = "indicator", _("indicator")
    ITEM = "item", _("item")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Normalisation(models.TextChoices):
    GOALPOSTS = "goalposts", _("min–max on the item's scale")
    MINMAX = "minmax", _("min–max over the units scored")
    ZSCORE = "zscore", _("z-score")
    TARGET = "target", _("distance to target")


class Node(models.Model):
    """A dimension, indicator or item; items are answered by the questions that name them."""

    system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("indicator system"),
        on_delete=models.CASCADE,
        related_name="nodes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    weight = models.DecimalField(
        _("weight"),
        max_digits=9,
        decimal_places=6,
        default=0,
        help_text=_("Among its siblings; the weights of siblings sum to one."),
    )
    # How this node's children are weighted.
    weighting = models.CharField(
        _("weighting of the children"),
        max_length=10,
        choices=Weighting.choices,
        default=Weighting.MANUAL,
    )
    ahp_matrix = models.JSONField(_("pairwise comparisons of the children"), null=True, blank=True)
    # Items only: how answers become a 0–100 score.
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    normalisation = models.CharField(
        _("normalisation"),
        max_length=10,
        choices=Normalisation.choices,
        default=Normalisation.GOALPOSTS,
    )
    scale_min = models.FloatField(_("lowest possible answer"), default=0)
    scale_max = models.FloatField(_("highest possible answer"), default=1)
    target = models.FloatField(_("target"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["system", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code"],
                name="node_code_once_per_system",
                violation_error_message=_("This code is already used in this indicator system."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")
