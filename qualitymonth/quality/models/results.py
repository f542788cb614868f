"""A team's results (成果): what a year's topic achieved, possibly entered in a program."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models import Application
from qualitymonth.quality.models.teams import Registration


class Method(models.TextChoices):
    QC = "qc", _("QC story")
    SIX_SIGMA = "six_sigma", _("Six Sigma")
    LEAN = "lean", _("lean")
    EXCELLENCE = "excellence", _("performance excellence")
    FIVE_STAR = "five_star", _("five-star site management")
    OTHER = "other", _("other methods")


class Result(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    title = models.CharField(_("title of the result"), max_length=300)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.QC)
    summary = models.TextField(_("summary"), blank=True)
    # The entry of this result in a program's first stage, once it applies.
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_result",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-registration__year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:result", args=[self.pk])
