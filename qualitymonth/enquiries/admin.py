"""The secretariat's catalogue: categories, routing, time limits and reply templates are edited
here (a new rule is a data change: edit the time limit with its source). Cases and what belongs
to them are read-only: they change only through the desk, which keeps their history."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.enquiries.models import (
    Attachment,
    Case,
    CaseEvent,
    Category,
    Clock,
    Notice,
    ReplyTemplate,
    RoutingRule,
    Submission,
    TimeLimit,
)


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "group", "kinds", "position", "is_active"]
    list_filter = ["is_active", "group"]
    search_fields = ["code", "name", "name_en", "keywords"]
    list_editable = ["position", "is_active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["category", "district", "unit", "is_demo"]
    list_filter = ["category", "district"]
    autocomplete_fields = ["district", "unit"]


@admin.register(TimeLimit)
class TimeLimitAdmin(AuditedAdmin):
    list_display = ["step", "days", "day_type", "source", "updated_at"]
    fields = ["step", "days", "day_type", "source", "note", "updated_at"]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The step names what the limit times; change its days, not what it is about.
        return [*self.readonly_fields, "step"] if obj is not None else self.readonly_fields


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedAdmin):
    list_display = ["title", "kind", "status", "is_demo"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "body"]


class ClockInline(admin.TabularInline):
    model = Clock
    extra = 0
    can_delete = False
    fields = ["step", "started_on", "due_on", "stopped_on", "days", "day_type", "source"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "status", "category", "district", "unit", "received_at"]
    list_filter = ["kind", "status", "needs_attention", "is_demo", "category"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    readonly_fields = ["desk_link"]
    inlines = [ClockInline]

    @admin.display(description=_("desk"))
    def desk_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("enquiries:desk_case", args=[obj.number]), obj.number
        )


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "category", "district", "erased_at"]
    list_filter = ["channel", "category", "is_demo"]
    date_hierarchy = "created_at"
    exclude = ["client_digest"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "at", "kind", "status", "is_public", "actor"]
    list_filter = ["kind", "is_public"]
    search_fields = ["case__number"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["case", "channel", "sent_at"]
    list_filter = ["channel"]
    search_fields = ["case__number"]


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = ["case", "step", "started_on", "due_on", "stopped_on", "reminded_on"]
    list_filter = ["step", "day_type"]
    search_fields = ["case__number"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Files open through the desk, which checks permissions; media URLs are not public."""

    list_display = ["name", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
    readonly_fields = ["open_link"]

    @admin.display(description=_("file"))
    def open_link(self, obj):
        case = obj.submission.cases.order_by("pk").first()
        if case is None:
            return "—"
        url = reverse("enquiries:desk_attachment", args=[case.number, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name)
