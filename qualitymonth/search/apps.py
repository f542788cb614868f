from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "qualitymonth.search"
    verbose_name = _("Search")

    def ready(self):
        # Search listens to the apps it indexes; they never import search.
        from qualitymonth.search import signals

        signals.connect()
