"""Membership types, terms and the rules that give a term its status."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.localized import localized
from qualitymonth.organizations.models import Membership


class MembershipType(models.Model):
    """What the secretariat offers: member unit, council unit, vice-president unit…"""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    dues_per_year = models.DecimalField(
        _("dues per year (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    term_years = models.PositiveSmallIntegerField(
        _("term length (years)"), default=1, validators=[MinValueValidator(1)]
    )
    members_only_events = models.BooleanField(_("may attend member-only events"), default=True)
    reduced_training_fees = models.BooleanField(_("pays reduced training fees"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("membership status", "not yet started")
    NEW = "new", pgettext_lazy("membership status", "new")
    CURRENT = "current", pgettext_lazy("membership status", "current")
    GRACE = "grace", pgettext_lazy("membership status", "grace")
    EXPIRED = "expired", pgettext_lazy("membership status", "expired")
    CANCELLED = "cancelled", pgettext_lazy("membership status", "cancelled")


class StatusRules(models.Model):
    """The secretariat's rules, one row: how long a term counts as new, how long the grace
    after its end lasts, and whether a member in grace keeps its rights."""

    new_days = models.PositiveSmallIntegerField(_("days a first term counts as new"), default=90)
    grace_days = models.PositiveSmallIntegerField(_("days of grace after a term ends"), default=90)
    rights_in_grace = models.BooleanField(_("a member in grace keeps its rights"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership status rules")
        verbose_name_plural = _("membership status rules")

    def __str__(self):
        return str(_("membership status rules"))

    def status_on(self, term: "Term", day: datetime.date) -> str:
        """The status of `term` on `day` (a date in Shanghai: the day turns at midnight there)."""
        if term.cancelled_on and day >= term.cancelled_on:
            return Status.CANCELLED
        if day < term.starts_on:
            return Status.PENDING
        if day <= term.ends_on:
            is_first = term.is_first
            if is_first and day < term.starts_on + datetime.timedelta(days=self.new_days):
                return Status.NEW
            return Status.CURRENT
        if day <= term.ends_on + datetime.timedelta(days=self.grace_days):
            return Status.GRACE
        return Status.EXPIRED

    def in_good_standing(self, status: str) -> bool:
        good = {Status.NEW, Status.CURRENT} | ({Status.GRACE} if self.rights_in_grace else set())
        return status in good


class Term(models.Model):
    """One term of a unit's membership (organizations.Membership, the row kept since the
    first demo); terms of one membership never overlap."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="terms"
    )
    type = models.ForeignKey(
        MembershipType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="terms"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    is_first = models.BooleanField(_("first term"), default=False)
    # Stored by the worker each midnight (Shanghai) so lists and figures read it; the checks
    # that decide access compute it from the dates instead.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership term")
        verbose_name_plural = _("membership terms")
        ordering = ["membership_id", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="member_term_ends_after_start",
                violation_error_message=_("A term ends on or after the day it starts."),
            )
        ]

    def __str__(self):
        return f"{self.membership.unit} · {self.type} · {self.starts_on}–{self.ends_on}"


class TermChange(models.Model):
    """The history of a term: every change, who made it and when (also in the audit trail)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what = models.CharField(_("change"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("term change")
        verbose_name_plural = _("term changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.what
