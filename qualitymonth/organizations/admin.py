from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Membership, Position, Unit, User


class AuditedAdmin(ObjectPermissionsModelAdmin):
    """Changes made in the admin leave the same audit trail as the rest of the platform."""

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


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["association", "industry_group"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["user", "unit"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "kind", "parent", "credit_code", "is_active"]
    list_filter = ["kind", "is_active", "memberships__level"]
    search_fields = ["search_text", "key", "credit_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline, PositionInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["unit", "association", "level", "joined_on", "industry_group"]
    list_filter = ["level", "industry_group"]
    search_fields = ["unit__search_text"]
    autocomplete_fields = ["unit", "association", "industry_group"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__display_name", "unit__search_text"]
    autocomplete_fields = ["user", "unit"]


@admin.register(User)
class PersonAdmin(ObjectPermissionsModelAdmin, UserAdmin):
    list_display = ["username", "display_name", "email", "is_active", "last_login"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Quality Month platform"), {"fields": ["display_name", "phone"]}),
    ]
    inlines = [PositionInline]
