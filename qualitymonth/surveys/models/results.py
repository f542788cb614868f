"""Index runs: what was computed from which inputs, and the ranked results."""

import functools
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JSONText(models.TextField):
    """A JSON object kept as text: written and read whole, never searched inside.

    PostgreSQL stores text as it comes; as jsonb it parsed every number of an index run's
    millions of node scores, which took longer than reading the answers did."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else json.loads(value)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return value if value is None else json.dumps(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


class ScoreArray(models.Field):
    """A list of scores, None where there is none: float8[] on PostgreSQL (written in binary by
    COPY, read back as floats), JSON text elsewhere."""

    def db_type(self, connection):
        return "double precision[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return list(value) if connection.vendor == "postgresql" else json.dumps(list(value))


class RunLevel(models.TextChoices):
    SITE = "site", _("site")
    STREET = "street", _("street or town")
    DISTRICT = "district", _("district")
    INDUSTRY = "industry", _("industry")
    CITY = "city", _("whole city")


class IndexRun(models.Model):
    round = models.ForeignKey(
        "surveys.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="runs"
    )
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64, db_index=True)
    method = models.JSONField(_("method"))
    weights = models.JSONField(_("weights used"))
    # The node codes of every result's part_scores, in their order.
    part_codes = models.JSONField(default=list)
    units = models.PositiveIntegerField(_("units scored"))
    answers = models.PositiveIntegerField(_("answers used"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("computed"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("index run")
        verbose_name_plural = _("index runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.round} · {self.fingerprint[:12]}"


class IndexResult(models.Model):
    # index_result_rank starts with the run: an index of its own would only slow the writes.
    # No foreign-key constraint in the database: rows are only written by compute_index, in the
    # transaction that creates their run, and deleted with it by Django (CASCADE). PostgreSQL
    # checked the constraint row by row at commit: a quarter of a second for a run of 20,000
    # sites, as long as the engine's whole arithmetic.
    run = models.ForeignKey(
        IndexRun,
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    level = models.CharField(max_length=10, choices=RunLevel.choices)
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    parent_key = models.CharField(max_length=40, blank=True)
    score = models.FloatField()
    rank = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    change = models.FloatField(null=True)
    # Every node's score, in the order of the run's part_codes (None: none for this row). As
    # an array rather than {code: score} JSON: an index run writes millions of them.
    part_scores = ScoreArray(default=list)

    class Meta:
        indexes = [models.Index(fields=["run", "level", "rank"], name="index_result_rank")]

    def __str__(self):
        return f"{self.level} {self.name or self.key}: {self.score:.2f}"

    @functools.cached_property
    def parts(self) -> dict[str, float]:
        """{node code: score} of the nodes this row has a score for, for drill-down. Reads the
        run (set `row.run = run` on rows read together, as the selectors do)."""
        codes = self.run.part_codes
        return {c: s for c, s in zip(codes, self.part_scores, strict=True) if s is not None}


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    SAV = "sav", _("SPSS (.sav)")


class ExportJob(models.Model):
    """A large export written by a background task; the page shows its progress."""

    round = models.ForeignKey(
        "surveys.Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="exports"
    )
    format = models.CharField(_("format"), max_length=5, choices=ExportFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="surveys/exports/%Y/%m/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.round} · {self.format}"

    @property
    def percent(self) -> int:
        if self.finished_at:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class SatisfactionRun(models.Model):
    """The satisfaction model of a round, estimated once (with its bootstrap) and stored."""

    round = models.ForeignKey(
        "surveys.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="satisfaction_runs",
    )
    scaled = models.BooleanField(_("answers standardised"))
    answers_revision = models.PositiveIntegerField(default=0)
    respondents = models.PositiveIntegerField(_("complete responses"))
    # Indices, paths, R², outer weights and intervals as satisfaction.satisfaction_model gives.
    model = models.JSONField(_("estimates"))
    # Items whose outer weight came out negative: their block's index is withheld.
    negative_weights = models.JSONField(_("negative outer weights"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("computed"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction model run")
        verbose_name_plural = _("satisfaction model runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.round} · {self.created_at:%Y-%m-%d %H:%M}"
