"""Reading the index: the entries matching what a reader typed, grouped by kind."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from qualitymonth.publishing import selectors as publishing_selectors
from qualitymonth.search import backends
from qualitymonth.search.models import Entry, Kind
from qualitymonth.search.text import query_groups

PER_KIND = 8  # on the page of all kinds; "more" opens one kind
ONE_KIND = 50
QUERY_CHARS = 100
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


@dataclass
class Group:
    kind: str
    label: str
    entries: list[Entry] = field(default_factory=list)
    more: bool = False


def _visible(now) -> Q:
    return (Q(visible_from__isnull=True) | Q(visible_from__lte=now)) & (
        Q(visible_until__isnull=True) | Q(visible_until__gt=now)
    )


def _audience(user) -> Q:
    """Entries this reader may find: public ones, and members-only posts for readers in that
    audience (the same rule as the post page: an outsider or a citizen never sees them)."""
    if user is None:
        return Q(audience="")
    segments = publishing_selectors.member_segments(user)
    if segments is None:  # the secretariat
        return Q()
    if "members" not in segments:
        return Q(audience="")
    return Q(audience="") | Q(audience__in=segments)


def search(query: str, *, user=None, kind: str = "") -> list[Group]:
    """Entries matching every word of `query` that `user` may find (anyone's when None), the
    newest first, by kind (one query a kind, each a few rows). Nothing for an empty or
    unsearchable query."""
    groups = query_groups((query or "")[:QUERY_CHARS])
    if not groups:
        return []
    condition, parameter = backends.match_sql(groups)
    matching = Entry.objects.extra(where=[condition], params=[parameter])
    matching = matching.filter(_visible(timezone.now()), _audience(user)).defer("text")
    kinds = [k for k in Kind if not kind or k.value == kind]
    limit = ONE_KIND if kind else PER_KIND
    found = []
    for k, rows in _newest_of_each(matching, kinds, limit + 1):
        if rows:
            found.append(Group(k.value, k.label, rows[:limit], more=len(rows) > limit))
    return found


def _newest_of_each(matching, kinds, limit):
    """(kind, its newest `limit` matching entries) for each kind. On PostgreSQL in one round
    trip (UNION ALL of one small query a kind, each reading its kind's newest entries off the
    index); elsewhere one query a kind."""
    queries = [matching.filter(kind=k.value).order_by("-date", "-pk")[:limit] for k in kinds]
    if len(queries) < 2 or not connection.features.supports_slicing_ordering_in_compound:
        return [(k, list(query)) for k, query in zip(kinds, queries, strict=True)]
    by_kind: dict[str, list[Entry]] = {k.value: [] for k in kinds}
    for entry in queries[0].union(*queries[1:], all=True):
        by_kind[entry.kind].append(entry)
    # The union keeps no order: each kind's newest first again (no date first, as the
    # database orders it).
    for rows in by_kind.values():
        rows.sort(key=lambda e: (e.date is None, e.date or _EARLIEST, e.pk), reverse=True)
    return [(k, by_kind[k.value]) for k in kinds]
