"""The secretariat keeps courses, banks, exams, classes, qualifications and contests here;
enrolments, attempts and certificates change only through the training pages and services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.training import media
from qualitymonth.training.models import (
    Appointment,
    AppointmentBatch,
    Attempt,
    CheckInCampaign,
    ClassCertificate,
    ClassSession,
    Contest,
    ContestCertificate,
    Course,
    CourseCertificate,
    Exam,
    Lecturer,
    Lesson,
    Qualification,
    QualificationKind,
    Question,
    QuestionBank,
    TalkRequest,
    TrainingClass,
)


class LessonForm(forms.ModelForm):
    """Files are checked by their content and written after the commit (training.media)."""

    video_file = forms.FileField(label=_("video file"), required=False)
    document_file = forms.FileField(label=_("slides or PDF file"), required=False)

    class Meta:
        model = Lesson
        fields = ["course", "position", "title", "title_en", "kind", "body", "transcript"]

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if upload:
            media.video_content_type(upload)
        return upload

    def clean_document_file(self):
        upload = self.cleaned_data.get("document_file")
        if upload:
            media.attachment_content_type(upload)
        return upload


@admin.register(Lesson)
class LessonAdmin(AuditedAdmin):
    form = LessonForm
    list_display = ["title", "course", "position", "kind", "duration_seconds", "video_check"]
    list_filter = ["kind", "video_check", "course"]
    readonly_fields = ["video_check", "duration_seconds"]
    search_fields = ["title", "transcript"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("video_file"):
            media.attach_video(lesson=obj, upload=form.cleaned_data["video_file"])
        if form.cleaned_data.get("document_file"):
            media.attach_document(lesson=obj, upload=form.cleaned_data["document_file"])


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["position", "title", "kind"]
    extra = 0
    show_change_link = True


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    list_display = ["title", "strand", "level", "hours", "is_published", "is_demo"]
    list_filter = ["strand", "level", "is_published", "is_demo"]
    search_fields = ["title", "title_en"]
    inlines = [LessonInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(QuestionBank)
class QuestionBankAdmin(AuditedAdmin):
    list_display = ["title", "is_demo"]
    inlines = [QuestionInline]


@admin.register(Exam)
class ExamAdmin(AuditedAdmin):
    list_display = ["title", "bank", "question_count", "time_limit_minutes", "max_attempts"]
    filter_horizontal = ["markers"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "invigilated_at":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = ClassSession.objects.select_related("training_class")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # A session's own title ("Day 2") says nothing without its class and date.
        field.label_from_instance = lambda s: (
            f"{s.training_class} · {s.title} · {s.starts_at:%Y-%m-%d %H:%M}"
        )
        return field


class SessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0


@admin.register(TrainingClass)
class TrainingClassAdmin(AuditedAdmin):
    list_display = ["title", "fee", "capacity", "hours", "is_published", "is_demo"]
    list_filter = ["is_published", "is_demo"]
    search_fields = ["title"]
    filter_horizontal = ["trainers"]
    inlines = [SessionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The class's event follows its capacity, approval and sessions; places it gained
        # go to the waiting list.
        from qualitymonth.training.services.classes import fill_free_places

        fill_free_places(actor=request.user, training_class=form.instance)


@admin.register(QualificationKind)
class QualificationKindAdmin(AuditedAdmin):
    list_display = ["name", "prefix", "validity_years", "renewal_hours"]


@admin.register(AppointmentBatch)
class AppointmentBatchAdmin(AuditedAdmin):
    list_display = ["title", "district", "published_at"]


@admin.register(Contest)
class ContestAdmin(AuditedAdmin):
    list_display = ["title", "opens_at", "closes_at", "prizes", "drawn_at"]


@admin.register(CheckInCampaign)
class CheckInCampaignAdmin(AuditedAdmin):
    list_display = ["title", "starts_on", "ends_on", "streak_goal"]


@admin.register(Lecturer)
class LecturerAdmin(AuditedAdmin):
    list_display = ["name", "title", "languages", "is_active", "is_demo"]
    search_fields = ["name", "topics"]


for model in (
    TalkRequest,
    Attempt,
    CourseCertificate,
    ClassCertificate,
    ContestCertificate,
    Qualification,
    Appointment,
):
    admin.site.register(model, ReadOnlyAdmin)
