from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from qualitymonth.core.models import ApiToken, AuditEntry, CalendarDay


@admin.register(AuditEntry)
class AuditEntryAdmin(ObjectPermissionsModelAdmin):
    """Read-only: the audit trail is written by services, never edited by hand."""

    list_display = ["created_at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(ObjectPermissionsModelAdmin):
    """Official days off and make-up working days of a year the holiday library lacks."""

    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
