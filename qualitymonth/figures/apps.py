from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "qualitymonth.figures"
    verbose_name = _("The year in figures")

    def ready(self):
        from qualitymonth.figures import rules  # noqa: F401  (declares the permissions)
