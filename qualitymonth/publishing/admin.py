"""The admin shows posts read-only: every change goes through the editor's pages, which
sanitise bodies, check attachments and leave the audit trail. Tags are plain names."""

from django.contrib import admin

from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.publishing.models import Post, Tag


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "state", "publish_at", "unit"]
    list_filter = ["kind", "state", "audience"]
    search_fields = ["title", "document_number"]


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
