"""Applications to a round and the files attached to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.models.programs import AttachmentKind, Grade, Round
from qualitymonth.organizations.models import Unit


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, waiting for the recommending unit")
    NOT_RECOMMENDED = "not_recommended", _("not recommended")
    IN_REVIEW = "in_review", _("under review")
    PROPOSED = "proposed", _("proposed, on public notice")
    WITHDRAWN = "withdrawn", _("withdrawn from the list")
    AWARDED = "awarded", _("recognised")
    NOT_AWARDED = "not_awarded", _("not selected")


# Applications that reviewers score and the ranking counts.
REVIEWED_STATUSES = (
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.PROPOSED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
)


class Application(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("title of the result or project"), max_length=300)
    holder_name = models.CharField(
        _("name on the list"),
        max_length=200,
        help_text=_("The unit, team or person named in public lists and on the certificate."),
    )
    applicant_unit = models.ForeignKey(
        Unit,
        verbose_name=_("applying unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    recommending_unit = models.ForeignKey(
        Unit,
        verbose_name=_("recommending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended_applications",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    recommendation_note = models.TextField(_("recommending unit's opinion"), blank=True)
    grade = models.ForeignKey(
        Grade,
        verbose_name=_("proposed grade"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "id"]

    def __str__(self):
        return f"{self.holder_name}: {self.title}"

    def get_absolute_url(self):
        return reverse("awards:application", args=[self.pk])


def attachment_path(instance, filename):
    # The stored name is ours; the uploaded name is kept only as text.
    return f"awards/{instance.application.round_id}/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.ForeignKey(
        AttachmentKind,
        verbose_name=_("what it is"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind__position", "id"]

    def __str__(self):
        return self.name
