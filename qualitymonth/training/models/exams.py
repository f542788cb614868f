"""Question banks and exams drawn from them: course quizzes, class exams and public contests
all take the same attempts."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized

# A submission that leaves the browser on the last second arrives a little later.
GRACE = datetime.timedelta(seconds=30)


class QuestionBank(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")
    FILL_IN = "fill_in", _("fill in the blank")
    SHORT = "short", _("short answer (marked by a trainer)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("easy")
    MEDIUM = 2, _("medium")
    HARD = 3, _("hard")


class Question(models.Model):
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    topic = models.CharField(_("topic"), max_length=100, blank=True, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Never rendered before the attempt is submitted: choice indices, true/false, or the
    # accepted texts of a blank.
    answer = models.JSONField(_("answer"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "pk"]

    def __str__(self):
        return self.text[:60]


class Exam(models.Model):
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="exams"
    )
    question_count = models.PositiveSmallIntegerField(_("questions drawn"), default=10)
    topic = models.CharField(
        _("topic"), max_length=100, blank=True, help_text=_("Draw only questions of this topic.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=30)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    pass_score = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    shuffle = models.BooleanField(_("shuffle questions and choices"), default=True)
    # Anyone signed in may take it; otherwise only people enrolled in a course or class using it.
    is_open = models.BooleanField(_("open to everyone signed in"), default=False)
    # Invigilated on site: started only by people checked in at this session (the class's
    # QR check-in at the door).
    invigilated_at = models.ForeignKey(
        "training.ClassSession",
        verbose_name=_("invigilated at session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invigilated_exams",
        help_text=_(
            "Leave empty for an exam taken anywhere; otherwise only people checked in at "
            "this session may start it."
        ),
    )
    markers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers who mark it"),
        blank=True,
        related_name="exams_marked",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:exam", args=[self.pk])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def time_limit(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.time_limit_minutes)


class Attempt(models.Model):
    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.PROTECT, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="exam_attempts",
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("time is up at"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The questions drawn, in the order shown, and each choice question's shown order.
    question_ids = models.JSONField(default=list)
    choice_orders = models.JSONField(default=dict)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField(_("out of"), default=0)
    # Known once every short answer is marked.
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "pk"]
        indexes = [models.Index(fields=["exam", "user"])]

    def __str__(self):
        return f"{self.exam} · {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("training:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None and timezone.now() <= self.deadline + GRACE

    @property
    def timed_out(self) -> bool:
        return self.submitted_at is None and timezone.now() > self.deadline + GRACE

    @property
    def percent(self):
        if self.score is None or not self.max_score:
            return None
        return round(float(self.score) * 100 / self.max_score, 1)

    @property
    def seconds_taken(self) -> float | None:
        if self.submitted_at is None:
            return None
        return (self.submitted_at - self.started_at).total_seconds()


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    response = models.JSONField(_("response"), default=list, blank=True)
    # None until a trainer marks a short answer.
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="training_one_answer")
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question}"
