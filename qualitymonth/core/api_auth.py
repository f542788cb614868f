"""How machine clients and browsers authenticate to the JSON API."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from qualitymonth.core import selectors, services
from qualitymonth.core.api_schema import allows_nobody


class InvalidToken(AuthenticationError):
    def __init__(self):
        super().__init__(message=_("The API token is unknown or has been revoked."))


class PersonalToken(HttpBearer):
    """`Authorization: Bearer <key>` with a token a person created on their profile page."""

    def authenticate(self, request, token):
        found = selectors.active_token_for_key(token)
        if found is None:
            # A wrong token must not fall through to anonymous access.
            raise InvalidToken
        if _due_for_touch(found):
            services.touch_api_token(found)
        request.user = found.user
        return found.user


# How stale a token's "last used" may be: writing it on every call would make each call of a
# busy client (a door scanner) a write, all to one row.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def _due_for_touch(token) -> bool:
    """True at the first use, then at most once a TOUCH_EVERY (the cache says who writes)."""
    if token.last_used_at is None:
        return True
    if timezone.now() - token.last_used_at < TOUCH_EVERY:
        return False
    # Of the calls that find it stale at once, the one that adds the key writes.
    return cache.add(f"api-token-touched:{token.pk}", 1, TOUCH_EVERY.total_seconds())


@allows_nobody
def anonymous(request):
    """Last in the chain for public endpoints: no credentials is a valid answer."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    request.user = getattr(request, "user", None) or AnonymousUser()
    return request.user


@allows_nobody
def without_session(request):
    """For public writes: a token, or nobody. A browser session is ignored rather than trusted,
    so these endpoints need no CSRF token and another site cannot act in a user's name."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    request.user = AnonymousUser()
    return request.user


SIGNED_IN = [PersonalToken(), django_auth]
TOKEN_OR_NOBODY = [PersonalToken(), without_session]
ANYONE = [PersonalToken(), django_auth, anonymous]
