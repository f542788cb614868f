from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "qualitymonth.quality"
    verbose_name = _("Quality teams")
