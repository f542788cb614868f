"""Reading the index: the entries matching what a reader typed, grouped by kind."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from qualitymonth.publishing import selectors as publishing_selectors
from qualitymonth.search import backends
from qualitymonth.search.models import Entry, Kind
from qualitymonth.search.text import normal_query, query_groups

PER_KIND = 8  # on the page of all kinds; "more" opens one kind
ONE_KIND = 50
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


def next_change(now) -> datetime.datetime | None:
    """The first moment after `now` at which an entry becomes visible or stops being visible
    (a scheduled post's publish time, a notice's expiry): until then, what anyone finds stays
    the same unless the index is written to. Two lookups along the visibility indexes."""
    moments = [
        Entry.objects.filter(**{f"{name}__gt": now})
        .order_by(name)
        .values_list(name, flat=True)
        .first()
        for name in ("visible_from", "visible_until")
    ]
    return min((m for m in moments if m is not None), default=None)


def search(query: str, *, user=None, kind: str = "") -> list[Group]:
    """Entries matching every word of `query` that `user` may find (anyone's when None), the
    newest first, by kind (a few rows of each). Nothing for an empty or unsearchable query.
    Queries with the same normal form (text.normal_query) find the same entries."""
    groups = query_groups(normal_query(query))
    if not groups:
        return []
    condition, parameter = backends.match_sql(groups)
    readable = Entry.objects.filter(_visible(timezone.now()), _audience(user)).defer("text")
    matching = readable.extra(where=[condition], params=[parameter])
    kinds = [k for k in Kind if not kind or k.value == kind]
    limit = ONE_KIND if kind else PER_KIND
    found = []
    for k, rows in _newest_of_each(readable, matching, parameter, kinds, limit + 1):
        if rows:
            found.append(Group(k.value, k.label, rows[:limit], more=len(rows) > limit))
    return found


def _newest_of_each(readable, matching, parameter, kinds, limit):
    """(kind, its newest `limit` matching entries) for each kind: one query a kind on SQLite,
    on PostgreSQL `_newest_on_postgresql`."""
    if connection.vendor == "postgresql":
        return _newest_on_postgresql(readable, matching, parameter, kinds, limit)
    newest = [matching.filter(kind=k.value).order_by(*ORDER)[:limit] for k in kinds]
    return [(k, list(query)) for k, query in zip(kinds, newest, strict=True)]


ORDER = ("-date", "-pk")
# How many of a kind's newest visible entries are read first. A word one entry in twenty or
# more carries is found among them at once (reading them along the date index costs a few
# milliseconds); a rarer one is looked up in the full-text index instead, at a cost in
# proportion to its matches. (Searches of two or three words at 100,000 entries, median:
# 38 ms with the 1,000 newest read first, 28 ms with 300, 22 ms with 150.)
WINDOW = 200
# Stands for the kind while the window's SQL is compiled; never a kind's value.
_KIND_SLOT = "\x00kind"


def _newest_on_postgresql(readable, matching, parameter, kinds, limit):
    """The newest matching entries of each kind, the same as ordering all matches by date,
    without either of the two slow ways the planner may choose for it at 100,000 entries:
    walking the date index and testing entries until enough match (a second for a word found
    nowhere), or fetching every match through the full-text index and sorting them (tens of
    milliseconds for a word in one entry of ten).

    1. In one round trip (UNION ALL, a small query a kind): walk the kind's newest visible
       entries along the date index, at most WINDOW of them, until `limit` match. A word
       many entries carry stops the walk within a few dozen entries; where `limit` are
       found, they are the newest of all.
    2. A kind that came short and has more than WINDOW entries: its matches through
       the full-text index (GIN). They are few, since so few of the newest entries match.
    """
    fields = [f for f in Entry._meta.concrete_fields if f.name != "text"]
    quote = connection.ops.quote_name
    outer = ", ".join(f"w.{quote(f.column)}" for f in fields)
    blanks = ", ".join("%s" if f.name == "kind" else "NULL" for f in fields)
    # The window's SQL is compiled once for every kind (compiling it took longer than the
    # database's answer): the kind is a placeholder whose parameter each part replaces.
    window = (
        readable.filter(kind=_KIND_SLOT)
        .extra(select={"tsv": "search_entry.tsv"})
        .only(*(f.name for f in fields))
        .order_by(*ORDER)[:WINDOW]
    )
    sql, slotted = window.query.sql_with_params()
    slot = slotted.index(_KIND_SLOT)
    parts, params = [], []
    for k in kinds:
        window_params = [*slotted[:slot], k.value, *slotted[slot + 1 :]]
        # The window comes out in date order and the outer LIMIT stops reading it as soon as
        # enough entries match.
        parts.append(
            f"(SELECT false, {outer} FROM ({sql}) w WHERE w.tsv @@ %s::tsquery "
            "ORDER BY w.date DESC, w.id DESC LIMIT %s)"
        )
        params += [*window_params, parameter, limit]
        # In the same round trip: a row when the kind has more entries than the window holds.
        parts.append(f"(SELECT true, {blanks} FROM search_entry WHERE kind = %s OFFSET %s LIMIT 1)")
        params += [k.value, k.value, WINDOW]
    by_kind: dict[str, list[Entry]] = {k.value: [] for k in kinds}
    beyond_window = set()
    names = [f.attname for f in fields]
    kind_at = names.index("kind")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for flag, *values in cursor.fetchall():
            if flag:
                beyond_window.add(values[kind_at])
            else:
                values = [
                    f.from_db_value(v, None, connection) if hasattr(f, "from_db_value") else v
                    for f, v in zip(fields, values, strict=True)
                ]
                by_kind[values[kind_at]].append(Entry.from_db(connection.alias, names, values))
    for k in kinds:
        # A union keeps no order: each kind's newest first again (no date first, as the
        # database orders it).
        rows = sorted(by_kind[k.value], key=_newest_first, reverse=True)
        by_kind[k.value] = rows
        if len(rows) >= limit:
            continue
        if k.value in beyond_window:
            # ORDER BY an expression the date index does not hold: the planner cannot walk
            # that index, and takes the matches from the full-text index.
            by_kind[k.value] = list(
                matching.filter(kind=k.value)
                .annotate(newest=F("date") + datetime.timedelta(0))
                .order_by(F("newest").desc(nulls_first=True), "-pk")[:limit]
            )
    return [(k, by_kind[k.value]) for k in kinds]


def _newest_first(entry):
    return (entry.date is None, entry.date or _EARLIEST, entry.pk)
