from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "qualitymonth.standards"
    verbose_name = _("Group standards")

    def ready(self):
        from qualitymonth.standards import rules  # noqa: F401  (declares the permissions)
