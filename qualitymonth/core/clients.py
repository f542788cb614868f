"""Who is asking, for rate limits on public forms: the client's address and its budget."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def client_address(request) -> str:
    # Behind a proxy, RATELIMIT_IP_META_KEY names the header the proxy sets.
    return request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR", "")


def over_limit(request, *, group: str, rate: str) -> bool:
    """Count this POST against the client's budget for `group`; True once it is spent."""
    return is_ratelimited(
        request,
        group=group,
        key=lambda group, request: client_address(request),
        rate=rate,
        method="POST",
        increment=True,
    )
