"""Keep a session that has not passed the second factor on the pages that complete it."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from qualitymonth.core.auth.twofactor import SETUP, VERIFY, step_for

# Pages an unverified session may open: the two-factor pages themselves, signing out, the
# language switch and the health checks.
OPEN_URL_NAMES = (
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "set_language",
    "healthz",
    "readyz",
)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware. A signed-in person with an authenticator (or who must
    have one) whose session is not verified yet can only complete the second factor: pages
    (the admin included) send them to it, and the API treats their session as signed out.
    API tokens are untouched: they are for machines and are revoked on a password change."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return self._open_paths

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path_info
        if path in self.open_paths() or path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        step = step_for(user)
        if step is None:
            return self.get_response(request)
        target = {VERIFY: "two_factor_verify", SETUP: "two_factor_setup"}[step]
        if path.startswith("/api/"):
            # A bearer token still authenticates; the half-signed-in session does not.
            request.user = AnonymousUser()
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
