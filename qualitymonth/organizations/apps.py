from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "qualitymonth.organizations"
    label = "organizations"
    verbose_name = _("Units and people")

    def ready(self):
        from qualitymonth.core.auth import twofactor
        from qualitymonth.organizations.selectors import held_positions

        twofactor.use_roles_from(lambda user: {held.role for held in held_positions(user)})
