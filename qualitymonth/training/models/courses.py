"""质课堂: free online courses in four strands, their lessons, enrolments, progress and
completion certificates."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.models import Certificate


class Strand(models.TextChoices):
    BASICS = "basics", _("Quality basics")
    LECTURES = "lectures", _("Lectures")
    FRONTIERS = "frontiers", _("International frontiers")
    WINNERS = "winners", _("Award winners' experience")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("introductory")
    INTERMEDIATE = "intermediate", _("intermediate")
    ADVANCED = "advanced", _("advanced")


class Course(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary = models.TextField(_("summary (Simplified Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    strand = models.CharField(_("strand"), max_length=20, choices=Strand.choices, db_index=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=1)
    quiz = models.ForeignKey(
        "training.Exam",
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    quiz_min_score = models.PositiveSmallIntegerField(
        _("quiz score needed (%)"),
        default=60,
        help_text=_("The course is complete when every lesson is done and the quiz reaches it."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["strand", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.key])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class LessonKind(models.TextChoices):
    VIDEO = "video", _("video")
    DOCUMENT = "document", _("slides or PDF")
    TEXT = "text", _("text")


class VideoCheck(models.TextChoices):
    """What the worker found when it read the video (ffprobe)."""

    PENDING = "pending", _("being checked")
    READY = "ready", _("readable")
    UNREADABLE = "unreadable", _("not readable as a video")


def _lesson_upload(instance, filename):
    return f"training/lessons/{filename}"


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="lessons"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=LessonKind.choices)
    body = models.TextField(_("text"), blank=True)
    # The transcript or summary of a video: read by those who cannot listen, and searchable.
    transcript = models.TextField(_("transcript or summary"), blank=True)
    video = models.FileField(_("video"), upload_to=_lesson_upload, blank=True, max_length=200)
    video_type = models.CharField(max_length=40, blank=True, editable=False)
    poster = models.FileField(_("poster"), upload_to=_lesson_upload, blank=True, max_length=200)
    document = models.FileField(
        _("slides or PDF"), upload_to=_lesson_upload, blank=True, max_length=200
    )
    document_type = models.CharField(max_length=120, blank=True, editable=False)
    # Read by the worker from the file (ffprobe) when Debian's ffmpeg is installed.
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    # Empty until a video is uploaded; an unreadable file is shown to the editor, not hidden.
    video_check = models.CharField(
        _("video check"), max_length=12, choices=VideoCheck.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:lesson", args=[self.course.key, self.pk])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_duration(self) -> str:
        """ "1:05" or "1:02:05"; empty while the length is unknown."""
        if not self.duration_seconds:
            return ""
        hours, rest = divmod(self.duration_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"


class Enrolment(models.Model):
    """Free: anyone signed in enrols in a published course."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="course_enrolments",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("course enrolment")
        verbose_name_plural = _("course enrolments")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="training_one_enrolment")
        ]

    def __str__(self):
        return f"{self.course} · {self.user}"


class LessonProgress(models.Model):
    """Saved by the player on the server, so another device resumes where this one stopped."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="progress"
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="progress"
    )
    position_seconds = models.FloatField(_("position (seconds)"), default=0)
    watched_seconds = models.FloatField(_("seconds watched"), default=0)
    # The parts of the video played, merged: [[start, end], …] in seconds. Watching one
    # minute ten times counts one minute.
    watched_ranges = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="training_one_progress")
        ]

    def __str__(self):
        return f"{self.lesson} · {self.enrolment.user}"


class CourseCertificate(Certificate):
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    course_title = models.CharField(_("course"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta(Certificate.Meta):
        verbose_name = _("course certificate")
        verbose_name_plural = _("course certificates")

    @property
    def is_demo(self) -> bool:
        return self.enrolment.is_demo

    def facts(self):
        return [
            (_("Certifies"), _("Completed the online course")),
            (_("Course"), self.course_title),
            (_("Hours"), str(self.hours)),
        ]
