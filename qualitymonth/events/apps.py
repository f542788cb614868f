from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "qualitymonth.events"
    verbose_name = _("Events")

    def ready(self):
        from qualitymonth.core import certificates
        from qualitymonth.events.models import AttendanceCertificate

        certificates.register(AttendanceCertificate)
