"""The secretariat's settings: membership types, status rules, the participation rule, groups'
officers, council terms and committees. Terms, dues and applications change through the
members pages (their services keep the history) and are read-only here."""

from django.contrib import admin

from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.members.models import (
    Committee,
    CouncilTerm,
    GroupOfficer,
    Invoice,
    JoinApplication,
    Meeting,
    MemberProfile,
    MembershipType,
    NeedTag,
    ParticipationRule,
    Payment,
    Resolution,
    Seat,
    StatusRules,
    Term,
)


@admin.register(MembershipType)
class MembershipTypeAdmin(AuditedAdmin):
    list_display = [
        "name",
        "dues_per_year",
        "term_years",
        "members_only_events",
        "reduced_training_fees",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]


@admin.register(StatusRules)
class StatusRulesAdmin(AuditedAdmin):
    list_display = ["__str__", "new_days", "grace_days", "rights_in_grace"]


@admin.register(ParticipationRule)
class ParticipationRuleAdmin(AuditedAdmin):
    list_display = ["__str__", "events", "reports", "applications", "surveys", "training", "visits"]


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ["membership", "type", "starts_on", "ends_on", "status"]
    list_filter = ["status", "type"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "year", "term", "amount", "due_on"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "invoice",
        "amount",
        "paid_on",
        "bank_reference",
        "receipt_number",
        "fapiao_number",
    ]


@admin.register(JoinApplication)
class JoinApplicationAdmin(ReadOnlyAdmin):
    list_display = ["unit_name", "credit_code", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(MemberProfile)
class MemberProfileAdmin(AuditedAdmin):
    list_display = ["unit", "industry", "size"]
    list_filter = ["size"]
    search_fields = ["unit__name", "industry"]
    autocomplete_fields = ["unit"]


@admin.register(NeedTag)
class NeedTagAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(GroupOfficer)
class GroupOfficerAdmin(AuditedAdmin):
    list_display = ["group", "person", "role", "unit"]
    list_filter = ["group", "role"]
    autocomplete_fields = ["group", "person", "unit"]


class MeetingInline(admin.StackedInline):
    model = Meeting
    extra = 0


@admin.register(CouncilTerm)
class CouncilTermAdmin(AuditedAdmin):
    list_display = ["name", "number", "starts_on", "ends_on"]
    autocomplete_fields = ["units"]
    inlines = [MeetingInline]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["title", "kind", "day", "council_term"]
    inlines = [ResolutionInline]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    autocomplete_fields = ["person", "unit"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "kind", "founded_on"]
    inlines = [SeatInline]
