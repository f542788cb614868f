"""The secretariat edits evaluations, systems, rounds and the frame here; answers are read-only."""

from django.contrib import admin

from qualitymonth.core.admin import AuditedAdmin
from qualitymonth.surveys.models import (
    Evaluation,
    IndicatorSystem,
    Industry,
    Instrument,
    Node,
    Round,
    Site,
)


class NodeInline(admin.TabularInline):
    model = Node
    extra = 0
    fields = [
        "code",
        "parent",
        "level",
        "name",
        "weight",
        "weighting",
        "direction",
        "normalisation",
        "scale_min",
        "scale_max",
        "target",
        "position",
    ]


@admin.register(Evaluation)
class EvaluationAdmin(AuditedAdmin):
    list_display = ["name", "key", "unit_of_analysis", "is_demo"]
    search_fields = ["name", "key"]


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(AuditedAdmin):
    list_display = ["evaluation", "version", "frozen_at"]
    readonly_fields = ["frozen_at"]
    inlines = [NodeInline]

    def get_inlines(self, request, obj):
        # A frozen system keeps its published numbers reproducible: no edits to its nodes.
        return [] if obj is not None and obj.frozen_at else self.inlines

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.frozen_at:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["evaluation", "year", "status", "is_demo"]
    list_filter = ["status", "evaluation"]
    filter_horizontal = ["inspectors"]
    readonly_fields = ["answers_revision"]


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ["title", "evaluation", "kind", "source_name"]
    readonly_fields = ["definition", "source_name"]


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "district", "street", "industry"]
    list_filter = ["kind", "evaluation"]
    search_fields = ["code", "name"]
    raw_id_fields = ["district", "street", "enterprise"]


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ["key", "name", "public_service"]
