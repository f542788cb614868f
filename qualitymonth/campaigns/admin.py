from django.contrib import admin

from qualitymonth.campaigns.models import ActivityReport, Campaign, Category, ProgressReport
from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    list_display = ["year", "theme", "starts_on", "ends_on", "is_published"]
    inlines = [CategoryInline]
    autocomplete_fields = ["lead_bodies"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["action", "unit", "progress", "state", "created_at"]
    list_filter = ["state", "action__campaign"]


@admin.register(ActivityReport)
class ActivityReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "starts_on", "kind", "state"]
    list_filter = ["state", "campaign", "kind", "group"]
    search_fields = ["title", "place", "organisers"]
