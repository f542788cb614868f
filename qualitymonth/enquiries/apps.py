from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "qualitymonth.enquiries"
    verbose_name = _("Citizen services")
