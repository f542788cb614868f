"""Events (ceremonies, lectures, open days…), their venues and the people registered for them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.organizations.models import Unit


class EventKind(models.TextChoices):
    CEREMONY = "ceremony", _("ceremony")
    LECTURE = "lecture", _("lecture")
    OPEN_DAY = "open_day", _("open day")
    FORUM = "forum", _("forum")
    CONTEST = "contest", _("contest")
    ORIENTEERING = "orienteering", _("orienteering race")
    SITE_VISIT = "site_visit", _("site visit")
    LIVE_STREAM = "live_stream", _("live stream")
    TRAINING = "training", _("training")


class Series(models.Model):
    """A numbered series of events, such as the Quality Lecture Hall (质量大讲堂)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("open to everyone")
    INVITATION = "invitation", _("by invitation")
    NONE = "none", _("no registration")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    number_in_series = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True
    )
    title = models.CharField(_("title (Simplified Chinese)"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organisers = models.ManyToManyField(
        Unit, verbose_name=_("organisers"), blank=True, related_name="events_organised"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class Venue(models.Model):
    """Where (part of) an event takes place; each venue has its own seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Left blank: no limit.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.name


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("declined")


# Registrations that hold a seat.
HOLDS_SEAT = [RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED]


def new_ticket_code() -> str:
    return secrets.token_urlsafe(18)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("registered by unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    ticket_code = models.CharField(max_length=40, unique=True, default=new_ticket_code)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["venue", "status"])]

    def __str__(self):
        return f"{self.name} · {self.event}"
