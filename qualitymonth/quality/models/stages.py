"""Programs in stages: enterprise selection → district or industry review → city review →
recommendation to the national body.

Design (the least invasive one): each stage IS an awards Round, linked one-to-one. The
round brings its own panel, rubric, conflicts, assignments, scoring, ranking and, where a
stage needs it, its 公示 with objections — all awards machinery, run through
awards.services. Nothing of awards changes shape. What this module adds is the order of
the rounds, each stage's quota, the rule that a stage opens only after the previous one
closed, and the record of which entry moved on (`Advancement`): closing a stage takes its
ranking, lets the best `quota` entries move on, and the next stage carries those entries
into its own round as new applications (awards.services.carry_application), so one stage's
reviewers score their own copy and never see another stage's reviews. After the last stage,
the entries that moved on are the recommendations to the national body; what comes back is
recorded as a `NationalOutcome`.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models import Application, Program, Round


class StagedProgram(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="staged"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    share_scores = models.BooleanField(
        _("reviewers of one stage may see the scores of the others"), default=False
    )
    national_body = models.CharField(
        _("national body recommended to"), max_length=200, default="中国质量协会"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("staged program")
        verbose_name_plural = _("staged programs")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:program", args=[self.pk])


class StageLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise selection")
    DISTRICT = "district", _("district or industry review")
    CITY = "city", _("city review")


class StageStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for the previous stage")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Stage(models.Model):
    program = models.ForeignKey(
        StagedProgram,
        verbose_name=_("staged program"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    level = models.CharField(_("level"), max_length=20, choices=StageLevel.choices)
    # What the secretariat calls the stage ("浦东新区初审"); its level's name when blank.
    name = models.CharField(_("name of the stage"), max_length=200, blank=True)
    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="quality_stage"
    )
    quota = models.PositiveSmallIntegerField(_("entries that move on"))
    needs_notice = models.BooleanField(_("public notice before closing"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=StageStatus.choices, default=StageStatus.WAITING
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="quality_stage_position")
        ]

    def __str__(self):
        return f"{self.program} · {self.display_name}"

    def get_absolute_url(self):
        return reverse("quality:stage", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.name or self.get_level_display()


class Advancement(models.Model):
    """An entry's place when its stage closed, and whether (and as what) it moved on."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="advancements"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="advancement"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    moved_on = models.BooleanField(_("moved on"), default=False)
    next_application = models.OneToOneField(
        Application,
        verbose_name=_("entry in the next stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_from",
    )

    class Meta:
        verbose_name = _("advancement")
        verbose_name_plural = _("advancements")
        ordering = ["stage", "rank"]

    def __str__(self):
        return f"{self.stage}: {self.application}"


class NationalOutcome(models.Model):
    """A recommendation to the national body and what came back."""

    program = models.ForeignKey(
        StagedProgram,
        verbose_name=_("staged program"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="national_outcome",
    )
    recommended_at = models.DateTimeField(_("recommended"))
    awarded = models.BooleanField(_("awarded nationally"), null=True, blank=True)
    grade = models.CharField(_("national grade"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("national outcome")
        verbose_name_plural = _("national outcomes")
        ordering = ["program", "application__holder_name"]

    def __str__(self):
        return str(self.application)
