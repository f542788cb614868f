from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "qualitymonth.awards"
    verbose_name = _("Recognition programs")

    def ready(self):
        from qualitymonth.awards.models import Certificate
        from qualitymonth.core import certificates

        certificates.register(Certificate)
