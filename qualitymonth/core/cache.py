"""Anonymous pages and heavy fragments kept in the configured cache, never stale, never personal.

Every entry is kept under its address and language with the *data version* of each app it
was built from, and served only while those are still the current versions (read in the same
round trip to the cache). A data version is a random token kept in the cache (shared by every
server process when it is Redis). Any statement that writes to an app's tables (INSERT,
UPDATE, DELETE: the ORM's saves, `update()`, `bulk_create()`, raw SQL through Django's cursor
alike) replaces that app's token as it runs (so the same transaction, and the tests, read
back what they wrote) and once more when its transaction commits (so a page another request
built from the old rows meanwhile is never served again). Nothing has to remember to
invalidate anything: a new token makes every entry built from the old one unusable, and it
is rebuilt or expires. (A cached page or fragment must not be built inside a transaction that
wrote and may still roll back: none of the cached views writes.)

Whole pages are cached only for anonymous readers with no session and no pending messages,
without a query string (a query string would let anyone fill the cache) unless the view
names the few things of it that its page shows (`key`), and only when the page set no
cookie, used no CSRF token and changed no session: what such a page shows is the same for
every anonymous reader of that language at that address. A page that also changes with the
clock says when (`changes_at`) and is not served from that moment. Signed-in pages may cache
fragments (`fragment`), which must hold nothing personal.
"""

import contextlib
import contextvars
import hashlib
import math
import re
import secrets
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.html import escape

VERSION_PREFIX = "qm:data-version:"
PAGE_PREFIX = "qm:page:"
FRAGMENT_PREFIX = "qm:fragment:"

WRITE = re.compile(
    # SQLite's INSERT OR IGNORE is what adding to a many-to-many relation sends.
    r'\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE,
)
_table_labels: dict[str, str] = {}


def seconds() -> int:
    """How long entries live; 0 turns page and fragment caching off (see settings)."""
    return settings.PAGE_CACHE_SECONDS


# --- data versions ------------------------------------------------------------------------


def data_versions(labels, *, also: str = "") -> str | tuple[str, object]:
    """The current tokens of the apps `labels`, joined; fresh tokens for apps with none yet.

    With `also`, that entry is read in the same round trip: (versions, the entry or None).
    """
    keys = [VERSION_PREFIX + label for label in labels]
    found = cache.get_many([*keys, also] if also else keys)
    entry = found.pop(also, None) if also else None
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), None)  # add: a concurrent reader's token wins
            found[key] = cache.get(key)
    versions = ".".join(str(found[key]) for key in keys)
    return (versions, entry) if also else versions


# The version of the whole database: replaced with any app's (what depends on rows of every
# app, like a reader's permissions, reads this one key rather than thirty).
ANY_APP = "*"


def bump(*labels) -> None:
    """New data versions for the apps `labels`: every entry built from their rows is gone."""
    if labels:
        cache.set_many(
            {VERSION_PREFIX + label: secrets.token_hex(8) for label in (*labels, ANY_APP)}, None
        )


def _labels_of_tables() -> dict[str, str]:
    if not _table_labels:
        for model in apps.get_models(include_auto_created=True):
            _table_labels[model._meta.db_table] = model._meta.app_label
    return _table_labels


class _BumpOnCommit:
    """The apps a transaction wrote to, given new versions once it commits."""

    def __init__(self):
        self.labels: set[str] = set()

    def __call__(self):
        bump(*self.labels)


def written_labels(sql: str) -> set[str]:
    """The apps whose tables the statement writes to (none for a read)."""
    if sql.lstrip()[:6].upper() == "SELECT":
        return set()
    tables = _labels_of_tables()
    return {tables[name] for name in WRITE.findall(sql) if name in tables}


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    labels = written_labels(sql) if isinstance(sql, str) else set()
    if labels:
        collecting = _bumped_at_end.get()
        if collecting is not None:
            collecting |= labels
        else:
            _written(context["connection"], labels)
    return result


_bumped_at_end: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "qm_bumped_at_end", default=None
)


@contextlib.contextmanager
def bumped_at_end():
    """For a block that begins and commits a transaction of its own (psycopg's pipeline, where
    the statements run as their results are fetched): the apps its statements write to get new
    versions once, as the block ends, after its commit. A bump at each write, sent before the
    commit, would guard nothing (readers still see the old rows) and cost a round trip."""
    labels: set[str] = set()
    token = _bumped_at_end.set(labels)
    try:
        yield
    finally:
        _bumped_at_end.reset(token)
        if labels and seconds():
            bump(*labels)


def _written(connection, labels: set[str]) -> None:
    if not seconds():
        return  # nothing is cached, so nothing to make stale
    bump(*labels)  # after every write: the same transaction reads back what it wrote
    if not connection.in_atomic_block:
        return
    pending = next(
        (f for _sids, f, _robust in connection.run_on_commit if isinstance(f, _BumpOnCommit)),
        None,
    )
    if pending is None:
        pending = _BumpOnCommit()
        transaction.on_commit(pending, using=connection.alias)
    pending.labels |= labels


def watch_connection(sender, connection, **kwargs) -> None:
    """Installed on every database connection as it opens (core's AppConfig.ready)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# --- pages and fragments ------------------------------------------------------------------


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def fragment(name: str, labels, build, *parts):
    """`build()`'s result, kept under `name`, the language, `parts` and the apps' versions.

    `build` must return something picklable and the same for everyone who may see it: on a
    signed-in page, nothing personal goes in, and `parts` name whatever else it depends on.
    """
    return kept(name, labels, build, translation.get_language(), *parts)


def kept(name: str, labels, build, *parts):
    """`build()`'s result, kept under `name`, `parts` and the apps' versions, whatever the
    language. Something of one person's own is kept with their id among `parts`."""
    if not seconds():
        return build()
    key = FRAGMENT_PREFIX + _digest(name, *labels, *parts)
    versions, found = data_versions(labels, also=key)
    if found is not None and found[0] == versions:
        return found[1]
    value = build()
    cache.set(key, (versions, value), seconds())
    return value


def _shared_request(request, *, query: bool = False) -> bool:
    """Whether the request looks the same as every other anonymous reader's (with `query`,
    whatever its query string)."""
    if request.method not in ("GET", "HEAD") or (request.GET and not query):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.user.is_authenticated


def _shared_response(request, response) -> bool:
    """Whether the page showed nothing of this reader's own (see the module's docstring)."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not (session is not None and session.modified)
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


# A form's token is the one thing on a shared page that is each reader's own: it is stored as
# this mark and each reader's token is put in its place when the page is served.
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_MARK = b"\x00csrf-token\x00"
# The language switch (base.html) sends the reader back to their own address, query string
# and all: on a page kept under `key` it is stored as this mark and each reader's put back.
ADDRESS_FIELD = b'<input name="next" type="hidden" value="%s">'
ADDRESS_MARK = b"\x00address\x00"
_CHANGES_AT = "_qm_page_changes_at"


def changes_at(request, moment) -> None:
    """Tell `anonymous_page` that the page being built for `request` changes at `moment` (an
    aware datetime, or None for never) without any write: a scheduled entry appears, an
    expiring one leaves. The kept page is not served from that moment on."""
    if moment is not None:
        earlier = getattr(request, _CHANGES_AT, None)
        setattr(request, _CHANGES_AT, moment if earlier is None else min(earlier, moment))


def keep_seconds(until=None, lifetime: int | None = None) -> int:
    """How long to keep an entry: the cache's time, or `lifetime` when shorter, and never past
    `until` (an aware datetime: the moment it changes with no write). 0 or less: do not keep."""
    keep = min(seconds(), lifetime or seconds())
    if until is not None:
        keep = min(keep, math.ceil((until - timezone.now()).total_seconds()))
    return keep


def _address_field(request) -> bytes:
    return ADDRESS_FIELD % escape(request.get_full_path()).encode()


def anonymous_page(*labels, lifetime: int | None = None, forms: bool = False, key=None):
    """Cache a view's page for anonymous readers, keyed by address, language and `labels`'
    data versions (the apps whose rows the page shows).

    `lifetime` (seconds, below PAGE_CACHE_SECONDS) bounds how long a page that also changes
    with the clock (what is upcoming, what is still open) may be served; a view that knows
    the moment calls `changes_at`. `forms=True` lets a page with forms be cached: their CSRF
    tokens (rendered only by {% csrf_token %}) are stored as a mark and each reader gets
    their own.

    `key(request)` lets a page with a query string be cached: it returns the parts of the
    request (short strings: a search's words cut to their limit, a checked choice) that,
    with the address and the language, decide everything the page shows, so that a query
    string of made-up parameters neither changes the page nor makes another entry; or None
    to answer that request uncached. The one other part of the query string a page may show
    is the reader's own address in the language switch, which is put back for each reader.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not seconds() or not _shared_request(request, query=key is not None):
                return view(request, *args, **kwargs)
            parts = key(request) if key is not None else ()
            if parts is None:
                return view(request, *args, **kwargs)
            entry = PAGE_PREFIX + _digest(
                request.scheme,
                request.get_host(),
                request.path,
                translation.get_language(),
                *labels,
                *(("\x1equery", *parts) if key is not None else ()),
            )
            # One round trip: the page with the versions it was built from, and the current
            # versions; it is served only when they are the same (and before it changes).
            versions, found = data_versions(labels, also=entry)
            served = _served(request, versions, found)
            if served is not None:
                return served
            response = view(request, *args, **kwargs)
            content = _page_content(request, response, forms)
            if content is not None:
                if key is not None:
                    content = content.replace(_address_field(request), ADDRESS_FIELD % ADDRESS_MARK)
                _keep_page(request, entry, versions, content, response, lifetime)
            return response

        return wrapped

    return decorate


def _served(request, versions: str, found) -> HttpResponse | None:
    """The kept page `found` for this reader (their own CSRF token and address put in), if it
    was built from the current `versions` and has not changed since; else None."""
    if found is None or found[0] != versions:
        return None
    _versions, content, headers, *until = found
    if until and until[0] is not None and timezone.now() >= until[0]:
        return None
    if TOKEN_MARK in content:
        content = content.replace(TOKEN_MARK, get_token(request).encode())
    if ADDRESS_MARK in content:
        content = content.replace(ADDRESS_FIELD % ADDRESS_MARK, _address_field(request))
    return HttpResponse(content, headers=headers)


def _keep_page(request, entry: str, versions: str, content: bytes, response, lifetime) -> None:
    moment = getattr(request, _CHANGES_AT, None)
    keep = keep_seconds(moment, lifetime)
    if keep > 0:
        cache.set(entry, (versions, content, dict(response.headers), moment), keep)


def personal_page(*, key=None):
    """Cache a view's page for each signed-in reader's session, until any data changes.

    A signed-in page shows the reader's own rows and what their permissions allow, so it is
    kept under their session (their person, their second factor, their browser's CSRF
    cookie), the address and the language, with the data version of the whole database: any
    write anywhere, their own included, makes it be built again. Read many times between
    writes (a contest's results after it closes, read again and again by everyone who took
    part), it is then one round trip to the cache, as a visitor's page is.

    It is served only for GET without a query string and with no messages waiting, and kept
    only when the view set no cookie but the CSRF token's, did not change the session and
    answered 200; forms' CSRF tokens are kept as a mark and the reader's own put in. What else
    of the session a page shows, the view names: `key(request)` returns the short strings it
    depends on, or None to answer uncached (a step in progress, say)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not seconds() or not _personal_request(request):
                return view(request, *args, **kwargs)
            parts = key(request) if key is not None else ()
            if parts is None:
                return view(request, *args, **kwargs)
            entry = PAGE_PREFIX + _digest(
                "\x1esession",
                request.session.session_key,
                request.user.pk,
                # A second factor checked in this session may show more (django-otp's mark).
                getattr(request.user, "is_verified", bool)(),
                request.scheme,
                request.get_host(),
                request.path,
                translation.get_language(),
                *parts,
            )
            versions, found = data_versions((ANY_APP,), also=entry)
            served = _served(request, versions, found)
            if served is not None:
                return served
            response = view(request, *args, **kwargs)
            content = _page_content(request, response, forms=True)
            if content is not None:
                _keep_page(request, entry, versions, content, response, None)
            return response

        return wrapped

    return decorate


def _personal_request(request) -> bool:
    """Whether the request is a signed-in reader's plain read of a page (no messages waiting:
    those are shown once, on the page that takes them)."""
    session = getattr(request, "session", None)
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and request.user.is_authenticated
        and session is not None
        and session.session_key is not None
        and "messages" not in request.COOKIES
        and "_messages" not in session
    )


def _page_content(request, response, forms: bool) -> bytes | None:
    """What of the response may be served again to its kind of reader; None if nothing."""
    used_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if used_token and not forms:
        return None
    # The token's cookie is the only cookie such a page may set.
    cookies = set(response.cookies) - ({settings.CSRF_COOKIE_NAME} if forms else set())
    if cookies or not _shared_response(request, response):
        return None
    content = response.content
    if used_token:
        content, replaced = TOKEN_FIELD.subn(rb"\1" + TOKEN_MARK + rb"\2", content)
        if not replaced:
            return None  # the token went somewhere other than a form's field
    return content
