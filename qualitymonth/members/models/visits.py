"""Visits, round tables and needs surveys (走访、座谈、问需) with their follow-ups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit


class VisitKind(models.TextChoices):
    VISIT = "visit", _("visit")
    ROUND_TABLE = "round_table", _("round table")
    NEEDS = "needs", _("needs survey")


class Visit(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    day = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    units = models.ManyToManyField(Unit, verbose_name=_("units met"), related_name="member_visits")
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("who went"), blank=True, related_name="+"
    )
    sites = models.TextField(_("sites"), blank=True, help_text=_("One site a line."))
    findings = models.TextField(_("findings"), blank=True)
    # A round table held as an event: the units whose people were checked in at its door
    # count as met (participation), beside the units named here.
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("held as the event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_round_tables",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit or round table")
        verbose_name_plural = _("visits and round tables")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return self.title

    def site_list(self) -> list[str]:
        return [line.strip() for line in self.sites.splitlines() if line.strip()]


class NeedTag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("need tag")
        verbose_name_plural = _("need tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Need(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="needs")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.CharField(_("need raised"), max_length=500)
    tags = models.ManyToManyField(NeedTag, verbose_name=_("tags"), blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["pk"]

    def __str__(self):
        return self.text


class FollowUp(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="member_follow_ups",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text
