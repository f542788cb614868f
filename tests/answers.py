"""What a person sees when the platform says no, asserted as they would see it.

A status code alone passes as well for a crash page with the right number; these check the
page or the JSON body too (the platform's own 404/403 pages, the sign-in redirect, the API's
{"detail": …}), and optionally that something private is not on it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

NOT_FOUND = "There is nothing here, or it is not yours to see."
NOT_ALLOWED = (
    "Your role does not allow this. Ask your unit administrator or the secretariat if you need it."
)


def _shows(text: str, message: str) -> bool:
    """`message` in whichever of the platform's languages the page was written in."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            if translation.gettext(message) in text:
                return True
    return False


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _absent(text: str, hidden) -> None:
    for secret in hidden:
        assert str(secret) not in text, f"{secret!r} is shown to someone who may not see it"


def assert_not_found(response, *hidden) -> None:
    """The platform's "page not found" page, and none of `hidden` on it."""
    assert response.status_code == 404, response.status_code
    text = _text(response)
    assert _shows(text, NOT_FOUND), text[:300]
    _absent(text, hidden)


def assert_not_allowed(response, *hidden) -> None:
    """The platform's "not allowed" page."""
    assert response.status_code == 403, response.status_code
    text = _text(response)
    assert _shows(text, NOT_ALLOWED), text[:300]
    _absent(text, hidden)


def assert_sent_to_sign_in(response, *hidden) -> None:
    """A redirect to the sign-in page that comes back to where the visitor was going."""
    assert response.status_code == 302, response.status_code
    target = urlsplit(response["Location"])
    assert target.path == reverse(settings.LOGIN_URL), response["Location"]
    assert "next=" in target.query, response["Location"]
    _absent(_text(response), hidden)


def assert_api_error(response, status: int, *hidden) -> dict:
    """A JSON error with a message in `detail` (never an HTML page), and none of `hidden`."""
    assert response.status_code == status, (response.status_code, _text(response)[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body.get("detail"), body
    _absent(_text(response), hidden)
    return body
