"""Public notice (公示) of the proposed list, objections to it, and certificates."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models.applications import Application
from qualitymonth.awards.models.programs import Round
from qualitymonth.core.models import Certificate as CertificateBase


class NoticeKind(models.TextChoices):
    PROPOSED = "proposed", _("public notice of the proposed list")
    FINAL = "final", _("final list")


class Notice(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices)
    text = models.TextField(_("text (Simplified Chinese)"), blank=True)
    text_zh_hant = models.TextField(_("text (Traditional Chinese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="one_notice_of_each_kind")
        ]
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.round} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("awards:notice", args=[self.pk])


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("being looked into")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("not upheld")


def evidence_path(instance, filename):
    return f"awards/objections/{instance.notice_id}/{filename}"


class Objection(models.Model):
    """An objection in real name; who objected is seen only by the secretariat."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="objections"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("entry objected to"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    name = models.CharField(_("real name"), max_length=100)
    phone = models.CharField(_("mobile phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("workplace"), max_length=200, blank=True)
    reasons = models.TextField(_("reasons"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("evidence type"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed in as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} · {self.application}"


class Certificate(CertificateBase):
    """An award's numbered certificate; the public verification page reads it by serial."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )

    class Meta(CertificateBase.Meta):
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def get_absolute_url(self):
        # Printed certificates carry this address in their QR code: it stays.
        return reverse("awards:verify_serial", args=[self.serial])

    @property
    def is_demo(self) -> bool:
        return self.application.is_demo

    def facts(self):
        round_ = self.application.round
        return [
            (_("Program"), round_.program.display_name),
            (_("Round"), round_.display_title),
            (_("Grade"), self.application.grade.display_name if self.application.grade else ""),
            (_("Year"), str(round_.year)),
        ]
