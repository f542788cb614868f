"""Absolute addresses for links that leave the page: e-mails, SMS, QR codes, calendars, APIs."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str, request=None) -> str:
    """`path` (from reverse(), starting with "/") as a full address: from the request the
    reader came with when there is one, otherwise from SITE_URL (mail, tasks, commands)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def is_local(url: str) -> bool:
    """True when the address can only be reached from this machine (localhost, 127.0.0.1…)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
