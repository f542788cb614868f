"""Attendance certificates of lecture series: the platform's certificate (core) for what one
person attended. Imported by events.models, so Django finds it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qualitymonth.core.models import Certificate


class AttendanceCertificate(Certificate):
    """Issued when the attendee first asks for it; the sessions are written down then, so the
    certificate does not change afterwards. Attending more later issues a new one and
    withdraws this one (superseded)."""

    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    series_title = models.CharField(_("series"), max_length=300, blank=True)
    sessions = models.JSONField(_("sessions attended"), default=list)

    class Meta(Certificate.Meta):
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")

    @property
    def is_demo(self) -> bool:
        return self.registration.is_demo

    def facts(self):
        count = len(self.sessions)
        what = ngettext("Attended %(count)s session", "Attended %(count)s sessions", count) % {
            "count": count
        }
        facts = [(_("Certifies"), what)]
        if self.series_title:
            facts.append((_("Series"), self.series_title))
        for session in self.sessions:
            facts.append((session["date"], session["title"]))
        return facts
