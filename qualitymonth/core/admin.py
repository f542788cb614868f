from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from qualitymonth.core.models import ApiToken, AuditEntry, CalendarDay
from qualitymonth.core.services import log_action
from qualitymonth.core.versions import VersionedAdminMixin


class AuditedAdmin(VersionedAdminMixin, ObjectPermissionsModelAdmin):
    """Changes made in the admin leave the same audit trail as the rest of the platform, and
    a change from a page opened before someone else's change is refused (core.versions)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            obj=obj,
            changes={"admin_fields": form.changed_data},
        )

    def delete_model(self, request, obj):
        log_action(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj)
        super().delete_model(request, obj)


class ReadOnlyAdmin(AuditedAdmin):
    """Records that change only through their services (which leave the audit trail):
    the admin shows them and nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
