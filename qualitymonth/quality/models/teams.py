"""The registry of QC groups (QC小组) and front-line teams (班组), registered year by year.

A team belongs to one enterprise for good; each year it registers again with a number, a
topic and its members. A person is known within the enterprise by the employee number when
given, else by the name, so one person on two teams of the same year is seen (and allowed).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit


class TeamKind(models.TextChoices):
    QC_SITE = "qc_site", _("QC group, on-site type")
    QC_MANAGEMENT = "qc_management", _("QC group, management type")
    QC_SERVICE = "qc_service", _("QC group, service type")
    QC_INNOVATION = "qc_innovation", _("QC group, innovation type")
    TEAM = "team", _("front-line team")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("manufacturing")
    CONSTRUCTION = "construction", _("construction")
    TRANSPORT = "transport", _("transport and logistics")
    ENERGY = "energy", _("energy and utilities")
    FOOD = "food", _("food and pharmaceuticals")
    SERVICES = "services", _("services")
    OTHER = "other", _("other industries")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("leader")
    MEMBER = "member", _("member")
    ADVISER = "adviser", _("adviser")


class Team(models.Model):
    enterprise = models.ForeignKey(
        Unit, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="quality_teams"
    )
    name = models.CharField(_("team name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.MANUFACTURING
    )
    workshop = models.CharField(_("workshop or department"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("quality team")
        verbose_name_plural = _("quality teams")
        ordering = ["enterprise__sort_key", "name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="quality_team_name_unique")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quality:team", args=[self.pk])


class Registration(models.Model):
    """One year's registration of a team: its number, topic and members that year."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    topic = models.CharField(_("topic"), max_length=300)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("yearly registration")
        verbose_name_plural = _("yearly registrations")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="quality_one_registration_a_year")
        ]

    def __str__(self):
        return f"{self.number} {self.team.name}"


class TeamMember(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(_("name"), max_length=100)
    employee_number = models.CharField(_("employee number"), max_length=40, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    # Derived: who the person is within the enterprise (employee number, else the name).
    identity = models.CharField(max_length=150, editable=False, db_index=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["registration", "role", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.identity = member_identity(self.name, self.employee_number)
        super().save(*args, **kwargs)


def member_identity(name: str, employee_number: str = "") -> str:
    number = (employee_number or "").strip()
    return f"#{number}" if number else " ".join((name or "").split())
