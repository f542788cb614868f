from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from qualitymonth.core.admin import AuditedAdmin
from qualitymonth.core.auth.passwords import after_password_change
from qualitymonth.organizations.models import Membership, Position, Unit, User


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

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # A password set by the secretariat ends the person's API tokens, as their own
            # change or a reset does.
            after_password_change(user=User.objects.get(pk=id), actor=request.user)
        return response
