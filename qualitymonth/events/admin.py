"""The secretariat edits events here; registrations and commitments change only through the
event pages, which leave the audit trail."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.core.forms import PhotoField
from qualitymonth.core.questions.admin import CustomQuestionInline
from qualitymonth.events import services
from qualitymonth.events.models import (
    AgendaItem,
    AttendanceCertificate,
    Checkpoint,
    Commitment,
    Event,
    EventPhoto,
    EventUnit,
    Question,
    Registration,
    Series,
    Speaker,
    Venue,
)


@admin.register(Series)
class SeriesAdmin(AuditedAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"key": ["name_en"]}


class EventUnitInline(admin.TabularInline):
    model = EventUnit
    extra = 1
    autocomplete_fields = ["unit"]


class VenueInline(admin.TabularInline):
    model = Venue
    extra = 1


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 0


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["starts_at", "ends_at", "title", "title_en", "speaker", "venue"]


class QuestionInline(CustomQuestionInline):
    model = Question


class PhotoInline(admin.TabularInline):
    model = EventPhoto
    extra = 0
    # Checked and re-encoded like every other photo (pixel cap, no EXIF/GPS, bounded size).
    formfield_overrides = {models.ImageField: {"form_class": PhotoField}}


class CheckpointInline(admin.TabularInline):
    model = Checkpoint
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ["title", "kind", "starts_at", "series", "number_in_series", "is_published"]
    list_filter = ["kind", "series", "campaign", "registration", "is_published", "is_demo"]
    search_fields = ["title", "title_en"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["action"]
    readonly_fields = ["online_viewers", "activity_report"]
    fieldsets = [
        (None, {"fields": ["kind", ("series", "number_in_series"), "campaign", "action"]}),
        (
            _("Title and description in three languages"),
            {
                "fields": [
                    "title",
                    "title_zh_hant",
                    "title_en",
                    "description",
                    "description_zh_hant",
                    "description_en",
                ]
            },
        ),
        (None, {"fields": [("starts_at", "ends_at"), "is_published"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration",
                    "requires_approval",
                    "members_only",
                    "members_segment",
                    "registration_closes_at",
                    "max_group_size",
                ]
            },
        ),
        (
            _("Oath and figures"),
            {"fields": ["oath", "oath_zh_hant", "oath_en", "online_viewers", "activity_report"]},
        ),
    ]
    inlines = [
        EventUnitInline,
        VenueInline,
        AgendaInline,
        SpeakerInline,
        QuestionInline,
        PhotoInline,
        CheckpointInline,
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the venues are saved too: a new time or venue raises the calendar revision.
        services.record_event_edit(actor=request.user, event=form.instance)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["name", "event", "venue", "unit", "status", "checked_in_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name", "event__title"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit_name", "pledge", "state", "created_at", "is_demo"]
    list_filter = ["state", "is_demo"]
    search_fields = ["name", "unit_name", "pledge"]


@admin.register(AttendanceCertificate)
class AttendanceCertificateAdmin(ReadOnlyAdmin):
    list_display = ["serial", "holder_name", "series_title", "issued_at", "withdrawn_at"]
    search_fields = ["serial", "holder_name"]
