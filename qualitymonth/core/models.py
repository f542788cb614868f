import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to a record that must never change silently (who, when, what)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A person's revocable token for machine clients; only a hash is stored."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class CalendarDay(models.Model):
    """An official day off or make-up working day entered by hand.

    The holiday library covers the years the State Council has published when it was
    released; a year it does not know yet can be entered here, and a day here wins over it.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """A spreadsheet import run by the worker; the page polls it for progress and the result.

    `handler` names the importing app's class (see core/imports_jobs.py), so core needs no
    app of its own; `owner` is who the rows are for ("unit:12"), `target` what they go into.
    The status becomes done in the same transaction as the imported rows.
    """

    handler = models.CharField(max_length=200)
    owner = models.CharField(_("for"), max_length=64, blank=True)
    target = models.CharField(_("into"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(max_length=10, blank=True)
    filename = models.CharField(_("file"), max_length=255)
    checksum = models.CharField(max_length=64, db_index=True)
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    options = models.JSONField(default=dict, blank=True)
    # Uploaded again on purpose ("Import it again" ticked): not bound by the one-active rule.
    again = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life; a running job silent for long had its worker die.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["handler", "target", "owner", "checksum"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]
        constraints = [
            # Two uploads of one file at the same moment: the database lets only one in.
            models.UniqueConstraint(
                fields=["handler", "owner", "target", "checksum"],
                condition=models.Q(status__in=["queued", "running"], again=False),
                name="core_importjob_one_active_per_file",
            )
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(self.rows_done * 100 / self.rows_total) if self.rows_total else 0


class Certificate(models.Model):
    """What every certificate of the platform has: a public serial, a holder, an issue date, an
    optional end of validity and a withdrawal with its reason (nothing is deleted).

    Abstract: each kind (an award, attendance of a lecture series, later a training course)
    adds what it certifies and registers itself with core.certificates, whose verification
    page answers for every kind.
    """

    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    holder_name = models.CharField(_("holder"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        abstract = True
        ordering = ["serial"]

    def __str__(self):
        return self.serial

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("certificate_verify_serial", args=[self.serial])

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None and not self.is_expired

    @property
    def is_demo(self) -> bool:
        return False

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) pairs the verification page shows after the serial and holder."""
        return []
