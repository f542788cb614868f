from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qualitymonth.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from qualitymonth.core import checks  # noqa: F401  (registers the deploy checks)
        from qualitymonth.core.cache import watch_connection

        # Every write gives its app a new data version: cached pages never go stale.
        connection_created.connect(watch_connection, dispatch_uid="qualitymonth.core.cache")
