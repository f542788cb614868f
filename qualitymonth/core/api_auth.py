"""How machine clients and browsers authenticate to the JSON API."""

from django.contrib.auth.models import AnonymousUser
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
        services.touch_api_token(found)
        request.user = found.user
        return found.user


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
