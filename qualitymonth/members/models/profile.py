"""What the association knows of a member unit beyond its terms: the industry it works in
(for segments and counts) and its size, taken from its application or set by the secretariat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.members.models.applications import Size
from qualitymonth.organizations.models import Unit


class MemberProfile(models.Model):
    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="member_profile"
    )
    # Written as the unit gave it (data in its own language), e.g. 汽车制造.
    industry = models.CharField(_("industry"), max_length=100, blank=True, db_index=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return f"{self.unit} · {self.industry}"
