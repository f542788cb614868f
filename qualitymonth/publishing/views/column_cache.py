"""A visitor's filtered or later column page (`?page=3`, `?year=2024&tag=5`), kept in the
shared cache like the column's first page (core/cache.py: never stale, never personal).

Only addresses naming a real choice are kept (a year, tag or unit the filters offer, a page
the column has, each written once the way the page's own links write it), so no one can fill
the cache with made-up addresses; any other address is answered as before, uncached. Entries
are kept under the address, the language and the board's data versions, and for a minute at
most (posts enter and leave the board with the clock).
"""

from django.conf import settings
from django.http import HttpResponse

from qualitymonth.core.cache import fragment
from qualitymonth.publishing import selectors
from qualitymonth.publishing.models import PostKind

BOARD_DATA = ("publishing", "organizations")
FILTERS = ("year", "tag", "unit")
VISITOR = "visitor"  # the audience part of the keys: only readers with no rights come here


def is_visitor(request) -> bool:
    """A reader whose pages are everyone's: signed out, no session, no pending messages."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and not request.user.is_authenticated
    )


def _chosen(filters, choices) -> bool:
    """Whether every filter given is one the filters list offers."""
    offered = {
        "year": set(choices["years"]),
        "tag": {tag.pk for tag in choices["tags"]},
        "unit": {unit.pk for unit in choices["units"]},
    }
    return all(
        getattr(filters, name) is None or getattr(filters, name) in offered[name]
        for name in FILTERS
    )


def _canonical(query, kind, filters) -> bool:
    """Whether each parameter is known, given once and written as the page's links write it
    (an empty filter, as the filters form sends it, is allowed)."""
    allowed = {*FILTERS, "page"} | ({"kind"} if kind == "all" else set())
    for name in query:
        values = query.getlist(name)
        if name not in allowed or len(values) != 1:
            return False
        value = values[0]
        if name == "page":
            if not (value.isascii() and value.isdigit() and value == str(int(value))):
                return False
        elif name == "kind":
            if value and value not in PostKind.values:
                return False
        elif value and value != str(getattr(filters, name)):
            return False
    return True


def page(request, kind, filters, choices, minute, render_column, per_page) -> HttpResponse | None:
    """The page from the cache (built and kept when missing); None when the address is not
    one to keep or the page turned out to be the reader's own."""
    if not _canonical(request.GET, kind, filters) or not _chosen(filters, choices):
        return None
    criteria = (filters.kind, filters.year, filters.tag, filters.unit)
    count = fragment(
        "publishing-column-count",
        BOARD_DATA,
        lambda: selectors.column(request.user, filters).count(),
        VISITOR,
        *criteria,
        minute,
    )
    pages = max(1, -(-count // per_page))
    if int(request.GET.get("page", 1)) not in range(1, pages + 1):
        return None

    def build():
        response = render_column(request, kind, filters, choices, count)
        session = getattr(request, "session", None)
        shared = (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
        )
        return response.content if shared else None

    content = fragment(
        "publishing-column-page",
        BOARD_DATA,
        build,
        VISITOR,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        minute,
    )
    return None if content is None else HttpResponse(content)
