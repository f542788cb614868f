"""Deployment checks of our own settings, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from qualitymonth.core.links import is_local


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links written outside a request (e-mails, SMS, certificates, calendars) would point at
    the server itself while SITE_URL keeps its default."""
    if settings.DEBUG or not is_local(settings.SITE_URL):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails, SMS, certificates' QR codes "
            "and calendar entries would point at this machine.",
            hint="Set SITE_URL to the address people use, e.g. https://quality.example.gov.cn.",
            id="qualitymonth.W001",
        )
    ]
