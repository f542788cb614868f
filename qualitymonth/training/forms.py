"""Forms of the editing pages: a course and its lessons, a class and its sessions."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qualitymonth.training.models import ClassSession, Course, Lesson, LessonKind, TrainingClass

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "key",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "strand",
            "level",
            "hours",
            "quiz",
            "quiz_min_score",
            "is_published",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class LessonForm(forms.ModelForm):
    """The files are checked by their content in the service (training.media)."""

    video_file = forms.FileField(
        label=_("video file"),
        required=False,
        help_text=_("MP4, WebM or Ogg; checked by its content, not its name."),
    )
    document_file = forms.FileField(label=_("slides or PDF file"), required=False)

    class Meta:
        model = Lesson
        fields = ["position", "title", "title_en", "kind", "body", "transcript"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "transcript": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        data = super().clean()
        has_video = bool(self.instance.video) or data.get("video_file")
        if data.get("kind") == LessonKind.VIDEO and not has_video:
            self.add_error("video_file", _("A video lesson needs its video file."))
        has_document = bool(self.instance.document) or data.get("document_file")
        if data.get("kind") == LessonKind.DOCUMENT and not has_document:
            self.add_error("document_file", _("A slides lesson needs its file."))
        return data


class ClassForm(forms.ModelForm):
    trainer_names = forms.CharField(
        label=_("trainers"),
        required=False,
        help_text=_("Their user names, separated by spaces or commas."),
    )

    class Meta:
        model = TrainingClass
        fields = [
            "key",
            "title",
            "title_en",
            "description",
            "fee",
            "member_fee",
            "capacity",
            "requires_approval",
            "hours",
            "exam",
            "attendance_required",
            "qualification_kind",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            names = self.instance.trainers.order_by("username").values_list("username", flat=True)
            self.initial["trainer_names"] = " ".join(names)

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("A class needs at least one place."))
        return capacity

    def clean_trainer_names(self):
        names = [
            name for name in re.split(r"[\s,，、]+", self.cleaned_data["trainer_names"]) if name
        ]
        found = list(get_user_model().objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {user.username for user in found})
        if unknown:
            raise forms.ValidationError(
                _("No one has the user name %(names)s.") % {"names": "、".join(unknown)}
            )
        return found


class SessionForm(forms.ModelForm):
    class Meta:
        model = ClassSession
        fields = ["title", "starts_at", "ends_at", "venue", "online_url"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session ends after it starts."))
        return data
