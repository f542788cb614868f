"""One index table over the public things people look for: posts, events, award rounds, units.

It lives in the same database as what it indexes, so an entry is written in the same
transaction as its object (a rolled-back save leaves no entry behind). The full-text index
over `text` is made by the database's own means (migration 0002): an FTS5 table on SQLite,
a GIN index over to_tsvector('simple', text) on PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized


class Kind(models.TextChoices):
    POST = "post", _("Notices and news")
    EVENT = "event", _("Events")
    ROUND = "round", _("Recognition programs")
    UNIT = "unit", _("Units")


class Entry(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title (Simplified Chinese)"), max_length=400)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=300)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    # A scheduled post is found from its publish time until it leaves its column.
    visible_from = models.DateTimeField(null=True, blank=True)
    visible_until = models.DateTimeField(null=True, blank=True)
    # Who may find it: "" anyone; "members" member units; "level:…"/"group:…" one group of
    # members (the same words as publishing's reader segments).
    audience = models.CharField(_("who may find it"), max_length=100, blank=True, default="")
    text = models.TextField(_("indexed words"), blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]
        indexes = [
            models.Index(fields=["kind", "-date"], name="search_entry_kind_date"),
            # When the next entry appears or leaves (selectors.next_change): cached results
            # are kept until then.
            models.Index(fields=["visible_from"], name="search_entry_visible_from"),
            models.Index(fields=["visible_until"], name="search_entry_visible_until"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")
