"""Industry groups' officers, council terms with their meetings, committees with rosters.
A group itself is an organizations.Unit of kind industry group; its members are the
memberships that name it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit, UnitKind


class OfficerRole(models.TextChoices):
    LEADER = "leader", _("group leader")
    DEPUTY = "deputy", _("deputy leader")
    SECRETARY = "secretary", _("group secretary")


class GroupOfficer(models.Model):
    group = models.ForeignKey(
        Unit,
        verbose_name=_("industry group"),
        on_delete=models.CASCADE,
        related_name="group_officers",
        limit_choices_to={"kind": UnitKind.INDUSTRY_GROUP},
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=OfficerRole.choices)

    class Meta:
        verbose_name = _("group officer")
        verbose_name_plural = _("group officers")
        ordering = ["group_id", "role", "pk"]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class CouncilTerm(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    units = models.ManyToManyField(Unit, verbose_name=_("council units"), blank=True)

    class Meta:
        verbose_name = _("council term")
        verbose_name_plural = _("council terms")
        ordering = ["-number"]

    def __str__(self):
        return self.name


class MeetingKind(models.TextChoices):
    COUNCIL = "council", _("council meeting")
    PRESIDENTS = "presidents", _("president's meeting")
    GENERAL = "general", _("general assembly")


class Meeting(models.Model):
    council_term = models.ForeignKey(
        CouncilTerm,
        verbose_name=_("council term"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    day = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-day"]

    def __str__(self):
        return self.title


class Resolution(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("resolution"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["pk"]

    def __str__(self):
        return self.number


class CommitteeKind(models.TextChoices):
    COMMITTEE = "committee", _("committee")
    WORKING_GROUP = "working_group", _("working group")


class Committee(models.Model):
    kind = models.CharField(_("kind"), max_length=14, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    remit = models.TextField(_("remit"), blank=True)

    class Meta:
        verbose_name = _("committee or working group")
        verbose_name_plural = _("committees and working groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    MEMBER = "member", _("member")


class Seat(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=SeatRole.choices)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["committee_id", "role", "pk"]

    def __str__(self):
        return f"{self.committee} · {self.person}"
