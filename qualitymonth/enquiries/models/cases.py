"""A citizen's submission, the cases it becomes (one per track), their clocks and history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.enquiries.models.catalogue import DayType, Sector
from qualitymonth.enquiries.statuses import Kind, Reason, Status, Step


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    PHONE = "phone", _("telephone")
    WALK_IN = "walk_in", _("in person")
    OPEN311 = "open311", _("Open311")


class IdType(models.TextChoices):
    RESIDENT_CARD = "resident_card", _("resident identity card")
    PASSPORT = "passport", _("passport")
    OTHER = "other", _("other document")


class Submission(models.Model):
    """What one person filed at one time; personal data lives here and only here.

    Erasing it after the retention period blanks the personal fields and keeps what the
    figures need (category, district, sector, dates), so statistics survive the erasure.
    """

    created_at = models.DateTimeField(_("received"), db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed-in filer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiry_submissions",
    )
    # The person
    name = models.CharField(_("name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    consents_to_publish = models.BooleanField(_("agrees the case may be published"), default=False)
    consents_to_mediation = models.BooleanField(_("agrees to entrusted mediation"), default=False)
    # The business
    business_name = models.CharField(_("business name"), max_length=200, blank=True)
    business_address = models.CharField(_("business address"), max_length=200, blank=True)
    business_phone = models.CharField(_("business phone"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    product = models.CharField(_("product or service"), max_length=100, blank=True)
    # What happened and what is asked
    category = models.ForeignKey(
        "enquiries.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    facts = models.TextField(_("what happened"))
    request = models.TextField(_("what you ask for"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # A keyed digest of the client's address: floods are refused without keeping the address.
    client_digest = models.CharField(max_length=64, blank=True, db_index=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.category}"


class Case(models.Model):
    """One track of a submission, with its own number, status, unit and clocks."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("track"), max_length=15, choices=Kind.choices)
    number = models.CharField(_("tracking number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="enquiry_cases",
    )
    # Copied from the submission so lists and figures need no join.
    category = models.ForeignKey(
        "enquiries.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    district = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), db_index=True)
    updated_at = models.DateTimeField(_("updated"))
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating of the handling"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the handling"), max_length=500, blank=True)
    # Set when the citizen adds information after closing: the unit must look, nothing is lost.
    needs_attention = models.BooleanField(_("new information after closing"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("enquiries:case", args=[self.number])


class Clock(models.Model):
    """One timed step of a case: when it started, when it is due, when it stopped."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    started_on = models.DateField(_("started"))
    due_on = models.DateField(_("due"))
    stopped_on = models.DateField(_("stopped"), null=True, blank=True)
    days = models.PositiveIntegerField(_("days"))
    day_type = models.CharField(_("counted in"), max_length=10, choices=DayType.choices)
    source = models.CharField(_("source"), max_length=300)
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True)
    # Counted Monday to Friday because the year's official holidays were not yet known.
    provisional = models.BooleanField(_("provisional due date"), default=False)

    class Meta:
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["stopped_on", "due_on"])]

    def __str__(self):
        return f"{self.case} {self.step} → {self.due_on}"

    @property
    def on_time(self) -> bool | None:
        return None if self.stopped_on is None else self.stopped_on <= self.due_on


class EventKind(models.TextChoices):
    FILED = "filed", pgettext_lazy("case event", "filed")
    STATUS = "status", pgettext_lazy("case event", "status changed")
    TRANSFER = "transfer", pgettext_lazy("case event", "transferred")
    NOTE = "note", pgettext_lazy("case event", "internal note")
    REPLY = "reply", pgettext_lazy("case event", "reply to the citizen")
    ADDITION = "addition", pgettext_lazy("case event", "information added by the citizen")
    LATE_ADDITION = "late_addition", pgettext_lazy("case event", "information added after closing")
    RATING = "rating", pgettext_lazy("case event", "handling rated")
    ERASED = "erased", pgettext_lazy("case event", "personal data erased")


class CaseEvent(models.Model):
    """The case's history: never edited, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    from_unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    # Internal notes and transfers stay with staff; the rest the citizen sees.
    is_public = models.BooleanField(_("shown to the citizen"), default=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case} {self.kind} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    return f"enquiries/{instance.submission_id}/{filename}"


class Attachment(models.Model):
    """A photo, receipt or document, checked by content on upload."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Notice(models.Model):
    """Each message sent to a citizen about their case, by e-mail or SMS: proof they were told."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    channel = models.CharField(_("channel"), max_length=10)  # "email" or "sms"
    recipient = models.CharField(_("recipient"), max_length=200)
    text = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice to the citizen")
        verbose_name_plural = _("notices to citizens")
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.case} {self.channel} {self.sent_at:%Y-%m-%d %H:%M}"
