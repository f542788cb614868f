"""A year's round of an evaluation: the system and instrument used, inspectors, responses."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    COLLECTING = "collecting", _("collecting")
    CLOSED = "closed", _("closed")


class Round(models.Model):
    evaluation = models.ForeignKey(
        "surveys.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    year = models.PositiveIntegerField(_("year"))
    system = models.ForeignKey(
        "surveys.IndicatorSystem",
        verbose_name=_("indicator system"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    instrument = models.ForeignKey(
        "surveys.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspectors"),
        blank=True,
        related_name="survey_rounds",
    )
    public_link = models.UUIDField(
        _("public link"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set to let anyone with the link answer, without signing in."),
    )
    collection_starts = models.DateField(_("collection from"), null=True, blank=True)
    collection_ends = models.DateField(_("collection until"), null=True, blank=True)
    # plspm's `scaled`: standardise the answers (True) or only centre them (False).
    pls_scaled = models.BooleanField(
        _("standardise the answers in the satisfaction model"),
        default=True,
        help_text=_(
            "Off: the answers are only centred, so items with a wider spread weigh more "
            "(plspm's scaled = FALSE)."
        ),
    )
    # Bumped by every write to the round's answers: part of a run's fingerprint.
    answers_revision = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["evaluation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "year"],
                name="one_round_per_evaluation_year",
                violation_error_message=_("This evaluation already has a round for that year."),
            )
        ]

    def __str__(self):
        return f"{self.evaluation} {self.year}"

    def get_absolute_url(self):
        return reverse("surveys:collect", args=[self.pk])

    def open_public_link(self):
        self.public_link = uuid.uuid4()
