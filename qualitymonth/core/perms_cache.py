"""A signed-in reader's permissions as a page's chrome asks them (and what else of theirs a page
keeps): each once a request, and kept in the cache for that same person until any data changes.

A page like a contest's asks a dozen permissions to draw its menus (`perms.training.manage`,
the admin link, the workspace link); each is a rule and some a query, and Django's own
backend adds two more, on every request of every reader. The answers depend only on rows in
the database (positions, units, groups, a trainer's exams and classes), so they are kept
under the person's id and the data version of the whole database (core/cache.py): any
write anywhere makes them be asked again, and one person's answers are never read for
another (the id is part of the key). Nothing is cached for anonymous readers (their answers
cost nothing) or when page caching is off.

`permission_required` (core/permissions.py) and the templates' `perms` and `is_secretariat`
(core/context_processors.py) ask through the request's one reader.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from qualitymonth.core.cache import ANY_APP, FRAGMENT_PREFIX, _digest, data_versions, seconds

NAME = "core.perms"


class CachedPerms:
    """Stands in for the template's `perms` (PermWrapper): `perms.app.codename` is answered
    by `has(…)`."""

    def __init__(self, user, asks: tuple[str, ...] = ()):
        self.user = user
        # What the page is known to ask: answered together on a miss, and kept in one write.
        self.asks = asks
        self._known: dict[str, bool] | None = None
        self._versions = ""
        self._key = ""

    def _load(self) -> dict[str, bool]:
        if self._known is None:
            self._known = {}
            if self.user.is_authenticated and seconds():
                self._key = FRAGMENT_PREFIX + _digest(NAME, self.user.pk)
                self._versions, found = data_versions((ANY_APP,), also=self._key)
                if found is not None and found[0] == self._versions:
                    self._known = dict(found[1])
        return self._known

    def has(self, perm: str) -> bool:
        known = self._load()
        if perm not in known:
            for name in {perm, *self.asks} - set(known):
                known[name] = bool(self.user.has_perm(name))
            self._keep()
        return known[perm]

    def kept(self, name: str, build):
        """`build()`: something else of this reader's own, built from database rows only, kept
        beside their permissions (under their id and the same data versions)."""
        known, key = self._load(), f"~{name}"
        if key not in known:
            known[key] = build()
            self._keep()
        return known[key]

    def _keep(self) -> None:
        if self._key:
            cache.set(self._key, (self._versions, self._known), seconds())

    def __getitem__(self, app_label: str) -> "_AppPerms":
        return _AppPerms(self, app_label)

    def __contains__(self, perm: str) -> bool:
        return self.has(perm) if "." in perm else bool(self.user.has_module_perms(perm))

    def __iter__(self):
        raise TypeError("CachedPerms is not iterable.")


class _AppPerms:
    def __init__(self, perms: CachedPerms, app_label: str):
        self.perms, self.app_label = perms, app_label

    def __getitem__(self, codename: str) -> bool:
        return self.perms.has(f"{self.app_label}.{codename}")

    def __bool__(self) -> bool:
        return bool(self.perms.user.has_module_perms(self.app_label))

    def __iter__(self):
        raise TypeError("_AppPerms is not iterable.")


# What base.html asks of a signed-in reader; a page adds its own (`asks`).
CHROME = ("admin.use", "campaigns.use_workspace")


def reader(request, asks: tuple[str, ...] = ()) -> CachedPerms:
    """The request's reader: their permissions (`asks`: what the page asks beyond the
    chrome's), and what else of theirs a page keeps (`kept`), one cache read for all. One per
    request: the view's permission check, the page's own asks and the chrome's share it."""
    if not hasattr(request, "user"):  # a page answered before authentication (an error page)
        return CachedPerms(AnonymousUser())
    found = getattr(request, "_qm_reader", None)
    if found is None or found.user is not request.user:  # a sign-in or sign-out changes it
        found = request._qm_reader = CachedPerms(request.user, CHROME + asks)
    elif asks:
        found.asks = tuple(dict.fromkeys(found.asks + asks))
    return found


def chrome(perms: CachedPerms) -> dict:
    """Context for a page's own chrome: `perms` and `is_secretariat` (the admin link) answered
    through `perms`, in place of the context processors' per-request answers."""
    return {"perms": perms, "is_secretariat": lambda: perms.has("admin.use")}
