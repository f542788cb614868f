from django.contrib.admin.apps import AdminConfig


class QualityMonthAdminConfig(AdminConfig):
    """Django's admin with our site class (kept apart: app configs load before models)."""

    default_site = "qualitymonth.admin_site.QualityMonthAdminSite"
