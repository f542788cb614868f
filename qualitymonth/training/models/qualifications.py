"""Qualifications such as 首席质量官: granted by a class and its exam, valid for some years,
renewed by continuing-education hours; enterprises appoint qualified people, and a district
publishes its batch of appointments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.models import Certificate


class QualificationKind(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    # The qualification's numbers start with it: CQO-2026-0001.
    prefix = models.CharField(_("number prefix"), max_length=12)
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"), default=3)
    renewal_hours = models.DecimalField(
        _("continuing-education hours to renew"), max_digits=5, decimal_places=1, default=24
    )
    # How long before expiry renewal opens.
    renewal_window_days = models.PositiveSmallIntegerField(
        _("renewal opens (days before)"), default=180
    )

    class Meta:
        verbose_name = _("kind of qualification")
        verbose_name_plural = _("kinds of qualification")
        ordering = ["key"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Qualification(Certificate):
    """The certificate is the qualification: its serial is the qualification's number."""

    kind = models.ForeignKey(
        QualificationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="held"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    granted_on = models.DateField(_("granted"))
    renewed_on = models.DateField(_("last renewed"), null=True, blank=True)
    source_enrolment = models.ForeignKey(
        "training.ClassEnrolment",
        verbose_name=_("class completed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    demo = models.BooleanField(_("demo data"), default=False)

    class Meta(Certificate.Meta):
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "holder"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="training_one_qualification",
            )
        ]

    @property
    def is_demo(self) -> bool:
        return self.demo

    @property
    def period_start(self):
        return self.renewed_on or self.granted_on

    def facts(self):
        facts = [(_("Qualification"), self.kind.display_name)]
        if self.unit_name:
            facts.append((_("Unit"), self.unit_name))
        facts.append((_("Granted"), self.granted_on.isoformat()))
        if self.renewed_on:
            facts.append((_("Last renewed"), self.renewed_on.isoformat()))
        return facts


class AppointmentBatch(models.Model):
    """第二批企业首席质量官: a district's published list of appointments."""

    district = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="appointment_batches",
    )
    kind = models.ForeignKey(
        QualificationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("appointment batch")
        verbose_name_plural = _("appointment batches")
        ordering = ["-published_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:batch", args=[self.pk])


class Appointment(models.Model):
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    enterprise = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="quality_officers",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_on = models.DateField(_("appointed"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    batch = models.ForeignKey(
        AppointmentBatch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-appointed_on", "pk"]

    def __str__(self):
        return f"{self.qualification} · {self.enterprise}"
