"""Expert review: panels, conflicts, assignments, reviews and their per-criterion scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models.applications import Application
from qualitymonth.awards.models.programs import Criterion, Round
from qualitymonth.organizations.models import Unit


class Panel(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="panels"
    )
    name = models.CharField(_("name"), max_length=200)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewers"), related_name="award_panels"
    )

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")
        ordering = ["round", "name"]

    def __str__(self):
        return self.name


class Conflict(models.Model):
    """A declared conflict of interest: with a unit, or with one application."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="award_conflicts",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self):
        return f"{self.reviewer} ↔ {self.unit or self.application}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("assigned")
    RECUSED = "recused", _("recused")


class Assignment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="award_assignments",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    recusal_reason = models.CharField(_("reason for recusal"), max_length=300, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]
        ordering = ["application", "id"]

    def __str__(self):
        return f"{self.reviewer} → {self.application_id}"


class Review(models.Model):
    """One reviewer's scores and comment on one application; locked once submitted."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="review"
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.assignment}"

    @property
    def is_locked(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.points}"
