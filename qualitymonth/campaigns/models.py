"""A year's Quality Month: its plan of numbered actions, progress reports and activity reports."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.organizations.models import Unit

PERCENT = [MaxValueValidator(100)]


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("theme (Simplified Chinese)"), max_length=200)
    theme_zh_hant = models.CharField(_("theme (Traditional Chinese)"), max_length=200, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lead_bodies = models.ManyToManyField(
        Unit, verbose_name=_("lead bodies"), blank=True, related_name="campaigns_led"
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public campaign pages.")
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} · {self.theme}"

    @property
    def display_theme(self) -> str:
        return localized(self, "theme")

    @staticmethod
    def default_period(year: int) -> tuple[datetime.date, datetime.date]:
        """Quality Month is September."""
        return datetime.date(year, 9, 1), datetime.date(year, 9, 30)


class Category(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="category_name_once_per_campaign",
                violation_error_message=_("This campaign already has a category of this name."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DELAYED = "delayed", _("delayed")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Rollup(models.TextChoices):
    AVERAGE = "average", _("average of sub-actions")
    WEIGHTED = "weighted", _("weighted by sub-action weight")


class Action(models.Model):
    """A numbered item of the plan; units responsible for it report its progress."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="actions"
    )
    number = models.CharField(_("number"), max_length=20)
    # Derived from the number ("3.10" after "3.9"), set by the services.
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="actions_led"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-responsible units"), blank=True, related_name="actions_shared"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0, validators=PERCENT)
    rollup = models.CharField(
        _("progress of sub-actions"), max_length=10, choices=Rollup.choices, default=Rollup.AVERAGE
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("Counts in the parent's weighted progress.")
    )
    last_report_at = models.DateTimeField(_("last report"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["campaign", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                name="action_number_once_per_campaign",
                violation_error_message=_("This campaign already has an action with this number."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting review")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class Reviewed(models.Model):
    """What the secretariat decided about a report; both kinds of report share it."""

    state = models.CharField(
        _("review"), max_length=20, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    review_comment = models.TextField(_("comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ProgressReport(Reviewed):
    """What a responsible unit says about an action; it counts once the secretariat accepts it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress %"), validators=PERCENT)
    text = models.TextField(_("what was done"))
    figures = models.JSONField(_("figures"), default=list, blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action.number} · {self.unit} · {self.progress}%"


class ActivityKind(models.TextChoices):
    CEREMONY = "ceremony", _("ceremony")
    OPEN_DAY = "open_day", _("open day")
    LECTURE = "lecture", _("lecture")
    FORUM = "forum", _("forum")
    CONTEST = "contest", _("contest")
    TRAINING = "training", _("training")
    SITE_VISIT = "site_visit", _("site visit")
    LIVE_STREAM = "live_stream", _("live stream")
    CONSULTATION = "consultation", _("consultation")
    EXHIBITION = "exhibition", _("exhibition")
    OTHER = "other", _("other")


class ReporterGroup(models.TextChoices):
    """How the digest groups who filed: districts, city commissions, enterprises."""

    DISTRICT = "district", _("districts")
    COMMISSION = "commission", _("city commissions and bodies")
    ENTERPRISE = "enterprise", _("enterprises and organisations")


class ActivityReport(Reviewed):
    """One activity a unit held during the campaign, with its figures."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="activities")
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="activities"
    )
    group = models.CharField(_("group"), max_length=20, choices=ReporterGroup.choices)
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_activities",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organisers = models.CharField(_("organisers"), max_length=500, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    action = models.ForeignKey(
        Action,
        verbose_name=_("plan action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    participants = models.PositiveIntegerField(_("participants on site"), default=0)
    online_viewers = models.PositiveIntegerField(_("online viewers"), default=0)
    teams = models.PositiveIntegerField(_("teams"), default=0)
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0)
    sub_activities = models.PositiveIntegerField(_("sub-activities"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["campaign", "state", "starts_on"])]

    def __str__(self):
        return self.title


class FileKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    DOCUMENT = "document", _("attachment")


class ReportFile(models.Model):
    """A photo or document attached to a progress report or an activity report."""

    progress_report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    activity = models.ForeignKey(
        ActivityReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to="campaigns/%Y/%m/")
    # Photos only: a small copy for the pages that list them (blank for older photos).
    thumbnail = models.FileField(upload_to="campaigns/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_report__isnull=False, activity__isnull=True)
                | models.Q(progress_report__isnull=True, activity__isnull=False),
                name="report_file_has_one_owner",
            )
        ]

    def __str__(self):
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("before the due date")
    AFTER = "after", _("after the due date")


class Reminder(models.Model):
    """A reminder e-mail sent for an action; one per action, due date and kind."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "due_on", "kind"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.action.number} · {self.due_on} · {self.kind}"
