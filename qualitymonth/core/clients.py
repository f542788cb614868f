"""Who is asking, for rate limits and sign-in throttling: the client's address and its budget.

One function, `client_address`, answers for every throttle: the budgets per address (through
`over_limit`, core/budgets.py) and django-axes' sign-in lockouts (AXES_CLIENT_IP_CALLABLE).
One setting says whom to believe: TRUSTED_PROXY_COUNT, the number of proxies (load balancers)
in front of the app servers that each append the address they saw to X-Forwarded-For.
"""

import hashlib
import ipaddress

from django.conf import settings

from qualitymonth.core.budgets import Budget, spend


def client_address(request) -> str:
    """The client's address. Without trusted proxies, the connection's; behind N of them, the
    N-th address from the right of X-Forwarded-For — the one the outermost trusted proxy saw.
    Addresses to its left were written by the client and are never believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        # The request did not pass through every trusted proxy: only the connection is known.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def over_limit(request, *, group: str, rate: str, also: tuple[Budget, ...] = ()) -> bool:
    """Count this POST against the client's budget for `group` (and the budgets `also`, in
    the same round trip to the cache); True once any is spent. Other methods spend nothing."""
    if request.method != "POST":
        return False
    return any(spend(Budget(group, client_address(request), rate), *also))


def client_digest(address: str) -> str:
    """A keyed digest of the client's address, kept instead of the address itself (to spot the
    same client again without storing where it came from)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
