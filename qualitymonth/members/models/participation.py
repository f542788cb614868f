"""The participation rate: the rule saying which records count, and the worker's results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit


class ParticipationRule(models.Model):
    """One row: a member took part in a year when it has a record of a kind ticked here."""

    events = models.BooleanField(_("attended an event"), default=True)
    reports = models.BooleanField(_("filed an activity report"), default=True)
    applications = models.BooleanField(_("applied for recognition"), default=True)
    surveys = models.BooleanField(_("answered a survey"), default=True)
    training = models.BooleanField(_("joined a training"), default=True)
    visits = models.BooleanField(_("was visited or met at a round table"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participation rule")
        verbose_name_plural = _("participation rule")

    def __str__(self):
        return str(_("participation rule"))

    def parts(self) -> list[str]:
        return [name for name in PARTS if getattr(self, name)]


PARTS = ("events", "reports", "applications", "surveys", "training", "visits")


class ParticipationRun(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    rule = models.JSONField(_("rule applied"), default=list)
    members = models.PositiveIntegerField(_("members"), default=0)
    participants = models.PositiveIntegerField(_("took part"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("participation run")
        verbose_name_plural = _("participation runs")
        ordering = ["-year", "-computed_at", "-pk"]

    def __str__(self):
        return f"{self.year}"

    @property
    def rate(self) -> float | None:
        return round(100 * self.participants / self.members, 1) if self.members else None


class ParticipationEntry(models.Model):
    """One member in one run: whether it took part, which records say so, and the
    group, district and type it is counted under."""

    run = models.ForeignKey(ParticipationRun, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    took_part = models.BooleanField(default=False)
    # {"events": [registration ids], "reports": [...], ...}: the records behind the number.
    records = models.JSONField(default=dict)
    group = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    district = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    type = models.ForeignKey(
        "members.MembershipType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "unit"], name="member_participation_once")
        ]

    def __str__(self):
        return f"{self.run} · {self.unit_id}"
