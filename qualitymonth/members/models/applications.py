"""Applications to join, sent by an enterprise online and decided by the secretariat."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.members.models.terms import MembershipType
from qualitymonth.organizations.models import Unit, UnitKind, validate_credit_code


class Size(models.TextChoices):
    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    MORE_INFO = "more_info", _("more information asked")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)


class JoinApplication(models.Model):
    unit_name = models.CharField(_("unit name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    licence = models.FileField(_("business licence"), upload_to="members/licences/")
    licence_type = models.CharField(max_length=100, editable=False, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"))
    industry = models.CharField(_("industry"), max_length=100)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    group = models.ForeignKey(
        Unit,
        verbose_name=_("industry group wanted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": UnitKind.INDUSTRY_GROUP},
    )
    type = models.ForeignKey(
        MembershipType, verbose_name=_("membership type"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    note = models.TextField(_("note from the secretariat"), blank=True)
    # More people of the unit, each given an account on approval:
    # [{"name", "email", "phone", "role"}], role one of the unit's staff roles.
    people = models.JSONField(_("more people"), default=list, blank=True)
    # The applicant's answer when the secretariat asked for more (through the signed link).
    answer = models.TextField(_("answer from the applicant"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_applications",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return self.unit_name


class ApplicationDocument(models.Model):
    """A document the applicant added when the secretariat asked for more (checked by
    content, as the licence)."""

    application = models.ForeignKey(
        JoinApplication, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("document"), upload_to="members/applications/")
    content_type = models.CharField(max_length=100, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name
