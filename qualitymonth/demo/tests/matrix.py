"""The permission matrix's vocabulary: the personas, the answers a person can get, and a row.

A row names one URL, says how to build its arguments from the demo data, which unit owns the
object it shows, and what each persona is answered on GET and, where the view changes
something, on POST. The rows are in matrix_rows.py (pages) and matrix_api_rows.py (the JSON
API and Open311); the tests that walk them are in test_permission_matrix.py.

Answers are compared as the person sees them (tests/answers.py): the platform's 404 page, its
403 page, the redirect to sign-in, the API's JSON error; for a 200 the object's title is on
the page, and for every refusal the title is not.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape

from tests.answers import (
    assert_api_error,
    assert_not_allowed,
    assert_not_found,
    assert_sent_to_sign_in,
)

# --- personas ------------------------------------------------------------------------------
#
# Ten columns. "own" and "other" are relative to the unit that owns a row's object (the row's
# `owner`): most rows use SAIC-GM's objects (owners sgm-admin and sgm-reporter; outsiders
# huangpu-admin and baoshan-reporter, the administrator of a district bureau and a reporter
# of another bureau); rows about a bureau's objects use Huangpu's (owners huangpu-admin and
# huangpu-reporter, made by the test as the demo has no reporter there; outsiders SGM's).
# The reviewer is assigned applications of the round under review; the inspector is assigned
# the civility round that is collecting; the case handler handles Huangpu's bureau's cases
# and holds no campaign role.

PERSONAS = (
    "anonymous",
    "citizen",
    "other_admin",
    "other_reporter",
    "own_admin",
    "own_reporter",
    "reviewer",
    "inspector",
    "case_handler",
    "secretariat",
)

SGM = "saic-gm"
HUANGPU = "huangpu-amr"

USERNAMES = {
    SGM: {
        "own_admin": "sgm-admin",
        "own_reporter": "sgm-reporter",
        "other_admin": "huangpu-admin",
        "other_reporter": "baoshan-reporter",
    },
    HUANGPU: {
        "own_admin": "huangpu-admin",
        "own_reporter": "huangpu-reporter",
        "other_admin": "sgm-admin",
        "other_reporter": "sgm-reporter",
    },
}
FIXED_USERNAMES = {
    "anonymous": None,
    "citizen": "citizen",
    "reviewer": "reviewer",
    "inspector": "inspector",
    "case_handler": "huangpu-amr-staff",
    "secretariat": "secretariat",
}


def username_of(persona: str, owner: str) -> str | None:
    return FIXED_USERNAMES[persona] if persona in FIXED_USERNAMES else USERNAMES[owner][persona]


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    label: str
    check: Callable | None  # (response, title) -> None, raises AssertionError
    allowed: bool = False  # the persona may do it (a POST is then not sent: see WRITES)

    def __repr__(self):
        return self.label


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _ok(response, title):
    assert response.status_code == 200, response.status_code
    if title and response["Content-Type"].startswith("text/html"):
        text = _text(response)
        assert escape(title) in text or title in text, f"{title!r} is not on the page"


def _download(response, title):
    # The body is not read: documents are made by the view already; reading adds nothing.
    assert response.status_code == 200, response.status_code
    assert not response["Content-Type"].startswith("text/html"), response["Content-Type"]


def _redirect(response, title):
    assert response.status_code in (301, 302), response.status_code
    assert "/accounts/login/" not in response["Location"], response["Location"]


def _method_not_allowed(response, title):
    assert response.status_code == 405, response.status_code


def _hidden(title):
    return (title,) if title else ()


def _api_ok(response, title):
    assert response.status_code in (200, 201), (response.status_code, _text(response)[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]


def _api_error(status):
    return lambda response, title: assert_api_error(response, status, *_hidden(title))


# A page: 200 with the object's title on it when the row names one.
OK = Answer("200", _ok, allowed=True)
# A file (PDF, XLSX, CSV, ICS, SVG…): 200, not an HTML page.
FILE = Answer("200 file", _download, allowed=True)
# A redirect elsewhere than the sign-in page (a shortcut such as "the latest campaign").
REDIRECT = Answer("302", _redirect, allowed=True)
# The view answers POST only; a GET is refused by method (after sign-in where it asks for it).
POST_ONLY = Answer("405", _method_not_allowed)
SIGN_IN = Answer("sign in", lambda r, t: assert_sent_to_sign_in(r, *_hidden(t)))
FORBIDDEN = Answer("403", lambda r, t: assert_not_allowed(r, *_hidden(t)))
NOT_FOUND = Answer("404", lambda r, t: assert_not_found(r, *_hidden(t)))
# Opens the page but may not change it: a POST shows the page again, and nothing changes.
READ_ONLY = Answer("200, nothing changed", _ok)
# Allowed, but the POST is not sent here: it would change the demo data other tests share.
# What an allowed write does is tested in the app's own tests.
WRITES = Answer("writes", None, allowed=True)

API_OK = Answer("API 200", _api_ok, allowed=True)
API_401 = Answer("API 401", _api_error(401))
API_403 = Answer("API 403", _api_error(403))
API_404 = Answer("API 404", _api_error(404))


def _open311_error(status):
    def check(response, title):
        assert response.status_code == status, (response.status_code, _text(response)[:300])
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        body = response.json()
        assert body and body[0]["code"] == status and body[0]["description"], body

    return check


# Open311 answers in its own error format: [{"code": 404, "description": "…"}].
OPEN311_403 = Answer("Open311 403", _open311_error(403))
OPEN311_404 = Answer("Open311 404", _open311_error(404))


def answers(default: Answer, **by_persona: Answer) -> dict[str, Answer]:
    """Every persona's answer: `default`, except those named."""
    unknown = set(by_persona) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


def signed_in(answer: Answer = OK, **by_persona: Answer) -> dict[str, Answer]:
    """Anyone signed in gets `answer`; anonymous visitors are sent to sign in."""
    return answers(answer, anonymous=SIGN_IN, **by_persona)


def staff_page(*personas: str, answer: Answer = OK, **by_persona: Answer) -> dict[str, Answer]:
    """A page without an object: those named get `answer`; anyone else signed in 403."""
    return answers(
        FORBIDDEN, anonymous=SIGN_IN, **{**dict.fromkeys(personas, answer), **by_persona}
    )


def private(*personas: str, answer: Answer = OK, anonymous: Answer = SIGN_IN, **by_persona):
    """A page about an object: those named get `answer`; anyone else 404, as if there were
    nothing there."""
    return answers(
        NOT_FOUND, anonymous=anonymous, **{**dict.fromkeys(personas, answer), **by_persona}
    )


EVERYONE = answers(OK)


# --- a row ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One URL name: how to reach it and what each persona is answered."""

    name: str
    get: dict[str, Answer] | None
    post: dict[str, Answer] | None = None
    # () -> args list or kwargs dict for reverse(), from the demo data.
    args: Callable[[], list | dict] = list
    owner: str = SGM
    # () -> a text that is on the allowed page and on no refusal (the object's title).
    title: Callable[[], str] | None = None
    query: str = ""
    # () -> a value that a refused POST must leave as it was (a count, a state).
    watch: Callable[[], object] | None = None
    # A POST body for refused personas where an empty one would be refused for another reason.
    data: dict = field(default_factory=dict)
    # Slow documents: only the first persona allowed fetches it; the refusals are all checked.
    heavy: bool = False
    # (method, persona) -> why today's answer differs from the rule (an xfail, reported).
    known: dict[tuple[str, str], str] = field(default_factory=dict)
    # Open a literal path instead of reversing the name (catch-all patterns).
    path: str | None = None
    # The write's method and body encoding (the JSON API: "put"/"patch", "application/json").
    method: str = "post"
    content_type: str | None = None

    def __post_init__(self):
        for table in (self.get, self.post):
            if table is not None:
                assert set(table) == set(PERSONAS), f"{self.name}: a persona has no answer"
