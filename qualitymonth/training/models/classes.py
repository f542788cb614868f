"""培训班: classes with sessions, enrolment within capacity, attendance and certificates.

A class's places are those of an event of kind "training" that backs it (made and kept up to
date by training's services, not published on its own): each enrolment is a thin link to an
events registration, which holds the status (a place, awaiting approval, the waiting list,
cancelled, declined) and the ticket code the trainee shows at each session. Training keeps
what is its own: the sessions, the attendance at each, the fee quoted, completion and the
certificate."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.models import Certificate


class TrainingClass(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_classes",
    )
    fee = models.DecimalField(
        _("fee (yuan)"), max_digits=8, decimal_places=2, default=0, help_text=_("0: free")
    )
    # The members' right "reduced training fees" (their membership type says who has it).
    member_fee = models.DecimalField(
        _("fee for member units (yuan)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Paid by the staff of member units whose membership carries reduced training "
            "fees; leave empty for one fee for everyone."
        ),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    # As an event's registrations may: a place is held until the secretariat approves it.
    requires_approval = models.BooleanField(
        _("enrolments need the secretariat's approval"), default=False
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="classes_trained",
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=8)
    exam = models.ForeignKey(
        "training.Exam",
        verbose_name=_("exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
    )
    attendance_required = models.PositiveSmallIntegerField(_("attendance needed (%)"), default=80)
    # Completing the class (attendance and exam) grants this qualification.
    qualification_kind = models.ForeignKey(
        "training.QualificationKind",
        verbose_name=_("qualification granted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The event whose registrations are the class's enrolments (its seats, waiting list and
    # approval); made on the class's first need of it.
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="training_class",
    )

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:class", args=[self.key])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def is_free(self) -> bool:
        return not self.fee

    @property
    def has_member_fee(self) -> bool:
        return self.member_fee is not None and self.member_fee < self.fee

    def fee_for(self, person, unit=None):
        """What `person` pays, enrolling for `unit` (or for whichever unit they act for):
        the member fee where the members' records give that unit the right to it today.
        Asked through a permission, as training may not import members (members reads
        training's records)."""
        if self.has_member_fee and person.has_perm("members.pays_reduced_training_fees", unit):
            return self.member_fee
        return self.fee


class ClassSession(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title


class EnrolmentStatus(models.TextChoices):
    # The values are the events' registrations' (an enrolment's status is its registration's);
    # the labels are the class's words for them.
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("has a place")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("declined")


# Enrolments that hold a place (one awaiting approval too).
HOLDS_PLACE = [EnrolmentStatus.PENDING, EnrolmentStatus.CONFIRMED]


def new_code() -> str:
    # Named by migration 0004 (enrolments had codes of their own before their registrations).
    return secrets.token_urlsafe(18)


class ClassEnrolment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="class_enrolments",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The place: its status and the ticket code checked in at each session. Empty only for
    # enrolments recorded without one (none are, through the services).
    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="class_enrolment",
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The fee quoted when the place was taken (a member's reduced fee, or the full fee).
    fee = models.DecimalField(
        _("fee due (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("class enrolment")
        verbose_name_plural = _("class enrolments")
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "user"], name="training_one_class_enrolment"
            )
        ]

    def __str__(self):
        return f"{self.training_class} · {self.user}"

    @property
    def status(self) -> str | None:
        """The registration's status (EnrolmentStatus values)."""
        return self.registration.status if self.registration_id else None

    def get_status_display(self) -> str:
        return EnrolmentStatus(self.status).label if self.status else ""

    @property
    def code(self) -> str:
        """The ticket code the trainee shows as a QR code at each session."""
        return self.registration.ticket_code if self.registration_id else ""


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        ClassSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attended"
    )
    enrolment = models.ForeignKey(
        ClassEnrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="attended",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="training_attended_once")
        ]

    def __str__(self):
        return f"{self.session} · {self.enrolment.user}"


class ClassCertificate(Certificate):
    enrolment = models.OneToOneField(
        ClassEnrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    class_title = models.CharField(_("class"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta(Certificate.Meta):
        verbose_name = _("class certificate")
        verbose_name_plural = _("class certificates")

    @property
    def is_demo(self) -> bool:
        return self.enrolment.is_demo

    def facts(self):
        return [
            (_("Certifies"), _("Completed the training class")),
            (_("Class"), self.class_title),
            (_("Hours"), str(self.hours)),
        ]
