"""The secretariat defines programs, rubrics and rounds here. Applications, reviews, notices,
objections and certificates change only through the round pages, which leave the audit trail."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards import locks, services
from qualitymonth.awards.models import (
    Application,
    AttachmentKind,
    Certificate,
    Conflict,
    Criterion,
    FormField,
    Grade,
    Notice,
    Objection,
    Panel,
    Program,
    Round,
    Rubric,
)
from qualitymonth.core.admin import AuditedAdmin, ReadOnlyAdmin
from qualitymonth.core.questions.admin import CustomQuestionInline


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["name", "code", "applicant_kind", "list_order"]
    search_fields = ["name", "name_en", "code"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["position", "name", "name_en", "max_points", "weight", "guidance"]


@admin.register(Rubric)
class RubricAdmin(AuditedAdmin):
    list_display = ["name", "is_template", "source"]
    list_filter = ["is_template"]
    search_fields = ["name", "name_en"]
    inlines = [CriterionInline]
    actions = ["copy_for_a_round"]

    def has_change_permission(self, request, obj=None):
        # Scores were given against these criteria: changing them would change the results.
        if obj is not None and locks.rubric_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Copy for a new round"))
    def copy_for_a_round(self, request, queryset):
        for rubric in queryset:
            copy = services.copy_rubric(
                actor=request.user, rubric=rubric, name=_("%(name)s (copy)") % {"name": rubric}
            )
            messages.success(request, _("Copied as “%(name)s”.") % {"name": copy})


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 1
    fields = ["position", "name", "name_en"]


class FormFieldInline(CustomQuestionInline):
    model = FormField


class AttachmentKindInline(admin.TabularInline):
    model = AttachmentKind
    extra = 0
    fields = ["position", "label", "label_en", "required"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["title", "program", "year", "status", "closes_at", "is_demo"]
    list_filter = ["status", "program", "year"]
    search_fields = ["title", "title_en"]
    inlines = [GradeInline, FormFieldInline, AttachmentKindInline]
    readonly_fields = ["status", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += locks.fixed_round_fields(obj)
        return fields


@admin.register(Panel)
class PanelAdmin(AuditedAdmin):
    list_display = ["name", "round"]
    list_filter = ["round"]
    filter_horizontal = ["reviewers"]


class ConflictForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ["round", "reviewer", "unit", "application", "reason"]

    def clean(self):
        data = super().clean()
        # The service's rule, shown on the form instead of failing on save.
        if not data.get("unit") and not data.get("application"):
            raise forms.ValidationError(_("Name the unit or the application."))
        return data


@admin.register(Conflict)
class ConflictAdmin(AuditedAdmin):
    form = ConflictForm
    list_display = ["reviewer", "unit", "application", "reason", "round"]
    list_filter = ["round"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["application"]

    def has_change_permission(self, request, obj=None):
        # A declared conflict has already recused assignments: it is recorded, not edited.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Declared through the service, as on the round pages: same checks, same audit entry,
        # and the reviewer's assignments it covers are recused at once.
        conflict = services.declare_conflict(
            actor=request.user,
            round=obj.round,
            reviewer=obj.reviewer,
            reason=obj.reason,
            unit=obj.unit,
            application=obj.application,
        )
        obj.pk = conflict.pk
        recused = conflict.recused_count
        if recused:
            messages.warning(
                request,
                _("%(n)s assignments of this reviewer were recused; their scores no longer count.")
                % {"n": recused},
            )


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["holder_name", "title", "round", "status", "grade", "is_demo"]
    list_filter = ["status", "round", "is_demo"]
    search_fields = ["holder_name", "title"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["round", "kind", "published_at", "starts_on", "ends_on"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "application", "name", "status", "created_at"]
    list_filter = ["status"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["serial", "holder_name", "issued_at", "withdrawn_at"]
    search_fields = ["serial", "holder_name"]
