"""Events (ceremonies, lectures, open days…), their venues and the people registered for them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.questions.models import CustomQuestion
from qualitymonth.organizations.models import Unit

# The members app's segment filters an event may narrow its member-only access to.
MEMBERS_SEGMENT_FILTERS = ("member_type", "member_status", "industry", "industry_group", "district")


def validate_members_segment(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Give the segment as filters, each with a list of values."))
    for name, values in value.items():
        if name not in MEMBERS_SEGMENT_FILTERS:
            raise ValidationError(
                _("Unknown segment filter “%(name)s”: use %(known)s.")
                % {"name": name, "known": ", ".join(MEMBERS_SEGMENT_FILTERS)}
            )
        if not isinstance(values, list) or not values:
            raise ValidationError(
                _("Give the filter “%(name)s” a list of at least one value.") % {"name": name}
            )


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
    MEETING = "meeting", _("meeting")


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
    description = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    action = models.ForeignKey(
        "campaigns.Action",
        verbose_name=_("plan action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    units = models.ManyToManyField(
        Unit, through="EventUnit", verbose_name=_("units"), blank=True, related_name="events"
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
    members_only = models.BooleanField(
        _("member units only"),
        default=False,
        help_text=_("Only the staff of member units in good standing may register."),
    )
    # The members app's segment filters (see members.selectors.units_in_segment), asked
    # through has_perm("members.in_segment") so events imports nothing of it.
    members_segment = models.JSONField(
        _("member units of"),
        default=dict,
        blank=True,
        validators=[validate_members_segment],
        help_text=_(
            "Member-only events: empty admits every member unit in good standing; otherwise "
            'only those in every filter given, e.g. {"member_type": ["council"], '
            '"member_status": ["current", "new"], "industry_group": [12], "district": [3]}.'
        ),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("largest group a unit may register"), default=10
    )
    oath = models.TextField(_("oath (Simplified Chinese)"), blank=True)
    oath_zh_hant = models.TextField(_("oath (Traditional Chinese)"), blank=True)
    oath_en = models.TextField(_("oath (English)"), blank=True)
    online_viewers = models.PositiveIntegerField(_("online viewers"), default=0)
    activity_report = models.OneToOneField(
        "campaigns.ActivityReport",
        verbose_name=_("activity report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event",
    )
    is_published = models.BooleanField(_("published"), default=True)
    # An event another app runs on its own pages (a training class, a standard's review
    # meeting) is never published here: links to it go to that app's page instead.
    host_url = models.CharField(
        _("page of the app that runs it"),
        max_length=300,
        blank=True,
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # iCalendar SEQUENCE: raised whenever the time or a venue changes, so that subscribed
    # calendars replace the old entry instead of keeping it.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # What the last revision was of (times and venues); blank: not yet recorded.
    schedule_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return self.host_url or reverse("events:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_description(self) -> str:
        return localized(self, "description")

    @property
    def display_oath(self) -> str:
        return localized(self, "oath")

    @property
    def is_over(self) -> bool:
        """Ended: no more registrations, seats or signatures are offered."""
        return timezone.now() >= self.ends_at


class UnitRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    CO_ORGANISER = "co_organiser", _("co-organiser")
    SUPPORTER = "supporter", _("supporter")


# Units whose staff run an event: they see its attendees and check tickets in.
RUNNING_ROLES = [UnitRole.ORGANISER, UnitRole.CO_ORGANISER]


class EventUnit(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="unit_roles")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=UnitRole.choices)

    class Meta:
        verbose_name = _("organising unit")
        verbose_name_plural = _("organising units")
        ordering = ["event", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "unit", "role"], name="event_unit_once")
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()}"


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    affiliation = models.CharField(_("position (Simplified Chinese)"), max_length=300, blank=True)
    affiliation_zh_hant = models.CharField(
        _("position (Traditional Chinese)"), max_length=300, blank=True
    )
    affiliation_en = models.CharField(_("position (English)"), max_length=400, blank=True)
    topic = models.CharField(_("topic (Simplified Chinese)"), max_length=300, blank=True)
    topic_zh_hant = models.CharField(_("topic (Traditional Chinese)"), max_length=300, blank=True)
    topic_en = models.CharField(_("topic (English)"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_affiliation(self) -> str:
        return localized(self, "affiliation")

    @property
    def display_topic(self) -> str:
        return localized(self, "topic")


class Venue(models.Model):
    """Where (part of) an event takes place; each venue has its own seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Left blank: no limit.")
    )
    starts_at = models.DateTimeField(
        _("starts at"), null=True, blank=True, help_text=_("Left blank: when the event starts.")
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


class AgendaItem(models.Model):
    """One line of the timed programme: 08:30 welcome, 08:50 flag raising…"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("item (Simplified Chinese)"), max_length=300)
    title_zh_hant = models.CharField(_("item (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("item (English)"), max_length=400, blank=True)
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), null=True, blank=True, on_delete=models.SET_NULL
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["event", "venue", "starts_at", "pk"]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class Question(CustomQuestion):
    """An organiser's own question on the registration form (dietary needs, company size…).

    Its fields, kinds, form field and answer checks are core's custom questions; answers are
    stored on the registration by "q<id>"."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")

    class Meta(CustomQuestion.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "position", "pk"]


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="events/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class Checkpoint(models.Model):
    """A control point of an orienteering race; teams check in at each one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkpoints")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.name


def new_invitation_token() -> str:
    return secrets.token_urlsafe(12)


class Invitation(models.Model):
    """A link that opens registration for an invitation-only event, for a number of people."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    label = models.CharField(_("invited"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    token = models.CharField(max_length=40, unique=True, default=new_invitation_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.label


# Registrations that hold a seat.
HOLDS_SEAT = [RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED]
# Registrations still in play (a seat or a waiting-list place): one per person and event.
LIVE = [*HOLDS_SEAT, RegistrationStatus.WAITING]


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
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
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


class CheckpointVisit(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="visits")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="checkpoint_visits"
    )
    at = models.DateTimeField(_("checked in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkpoint visit")
        verbose_name_plural = _("checkpoint visits")
        ordering = ["checkpoint", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "registration"], name="checkpoint_visit_once"
            )
        ]

    def __str__(self):
        return f"{self.registration.name} @ {self.checkpoint.name}"


class CommitmentState(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    SHOWN = "shown", _("on the wall")
    HIDDEN = "hidden", _("not shown")


PLEDGE_MAX = 140


class Commitment(models.Model):
    """A signed quality commitment: the digital form of the ceremony's signing board."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    name = models.CharField(_("name"), max_length=50)
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    pledge = models.CharField(_("pledge"), max_length=PLEDGE_MAX)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CommitmentState.choices,
        default=CommitmentState.PENDING,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A one-way digest of the signer's address: enough to rate-limit, not to identify.
    client = models.CharField(max_length=64, blank=True, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quality commitment")
        verbose_name_plural = _("quality commitments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.name}: {self.pledge[:20]}"


# In its own module (this one is long); imported here so Django registers it.
from qualitymonth.events.certificate_models import AttendanceCertificate  # noqa: E402, F401
