import hashlib

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from qualitymonth.core import cache as page_cache
from qualitymonth.search import selectors
from qualitymonth.search.models import Kind
from qualitymonth.search.text import QUERY_CHARS, normal_query

# The results of a search for anonymous readers, kept under the normal form of the query (its
# words, at most QUERY_CHARS + QUERY_WORDS characters), the kind and the language, with the
# search index's data version (every write to the index, as publishing, withdrawing or
# correcting a post makes, replaces it) and the moment the next entry appears or leaves.
# The whole page is kept too (core/cache.py), under what the reader typed (cut to QUERY_CHARS,
# as the page shows it), the kind and the language, with the same version and moment: a search
# asked again is answered without rendering anything.
RESULTS_PREFIX = "qm:search:results:"
NEXT_CHANGE_KEY = "qm:search:next-change"
LABELS = ("search",)


def _asked(request) -> tuple[str, str]:
    """(what the reader typed, as the page shows it; the kind, "" for all kinds)."""
    typed = str(request.GET.get("q") or "").strip()[:QUERY_CHARS]
    kind = str(request.GET.get("kind") or "")
    return typed, kind if kind in Kind.values else ""


@require_GET
@page_cache.anonymous_page(*LABELS, key=_asked)
def results(request):
    typed, kind = _asked(request)
    query = normal_query(typed)
    found = ""
    if query:
        html, until = _results(request.user, query, kind)
        page_cache.changes_at(request, until)
        # The output of our own template (search/_results.html), escaped as it was rendered.
        found = mark_safe(html)
    return render(
        request,
        "search/results.html",
        {"query": typed, "kind": kind, "kinds": Kind.choices, "results": found},
    )


def _render(user, query: str, kind: str) -> str:
    groups = selectors.search(query, user=user, kind=kind)
    if not groups:
        return ""
    # Rendered without the request: nothing of the reader's own can go in.
    return render_to_string("search/_results.html", {"query": query, "groups": groups})


def _results(user, query: str, kind: str):
    """(The rendered results, the moment they change with no write or None); an anonymous
    reader's from the cache when still current."""
    if user.is_authenticated or not page_cache.seconds():
        # What a signed-in reader finds depends on who they are: never shared.
        return _render(user, query, kind), None
    digest = hashlib.sha256(
        "\x1f".join([translation.get_language() or "", kind, query]).encode()
    ).hexdigest()[:32]
    key = RESULTS_PREFIX + digest
    versions, found = page_cache.data_versions(LABELS, also=key)
    now = timezone.now()
    if found is not None and found[0] == versions and (found[1] is None or now < found[1]):
        return found[2], found[1]
    until = _next_change(versions, now)
    html = _render(None, query, kind)
    keep = page_cache.keep_seconds(until)
    if keep > 0:
        cache.set(key, (versions, until, html), keep)
    return html, until


def _next_change(versions: str, now):
    """selectors.next_change, kept with the index's data version until that moment passes."""
    found = cache.get(NEXT_CHANGE_KEY)
    current = found is not None and found[0] == versions and found[1] <= now
    if current and (found[2] is None or now < found[2]):
        return found[2]
    until = selectors.next_change(now)
    cache.set(NEXT_CHANGE_KEY, (versions, now, until), page_cache.seconds())
    return until
