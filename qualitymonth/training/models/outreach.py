"""质量宣讲团 (the speakers' bureau: lecturers, units' requests for a talk) and 质成长 (youth
programmes: students registered by their school with their guardian's consent)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Lecturer(models.Model):
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("position"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), help_text=_("One topic a line."))
    languages = models.CharField(_("languages"), max_length=100, default="普通话")
    bio = models.TextField(_("biography"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecturer_profiles",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class TalkStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ASSIGNED = "assigned", _("lecturer assigned")
    DECLINED = "declined", _("declined")


class TalkRequest(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="talk_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    wanted_on = models.DateField(_("date wanted"))
    audience_size = models.PositiveIntegerField(_("audience size"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TalkStatus.choices, default=TalkStatus.REQUESTED
    )
    lecturer = models.ForeignKey(
        Lecturer,
        verbose_name=_("lecturer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talks",
    )
    # The event the talk became (events counts its attendance).
    event_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("talk request")
        verbose_name_plural = _("talk requests")
        ordering = ["wanted_on", "pk"]

    def __str__(self):
        return self.topic


class SchoolClass(models.Model):
    """A class of a school (初二(3)班); its teachers act for the school and enrol it."""

    school = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="school_classes",
    )
    name = models.CharField(_("class name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("school class")
        verbose_name_plural = _("school classes")
        ordering = ["school", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="training_school_class_once")
        ]

    def __str__(self):
        return self.name


class Student(models.Model):
    """A pupil of a youth programme. For a child under 14 (PIPL Art. 31) nothing is stored
    before the guardian's consent is recorded with it."""

    school = models.ForeignKey(
        "organizations.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("school class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
    )
    name = models.CharField(_("name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    guardian_name = models.CharField(_("guardian"), max_length=100, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("guardian's consent recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school", "name", "pk"]

    def __str__(self):
        return self.name


class StudentEnrolment(models.Model):
    """A student enrolled with their school class by a teacher, in a course or a training
    class (students have no accounts: the teacher acts for them)."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="enrolments"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("school class"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "training.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="student_enrolments",
    )
    training_class = models.ForeignKey(
        "training.TrainingClass",
        verbose_name=_("training class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="student_enrolments",
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("student enrolment")
        verbose_name_plural = _("student enrolments")
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course"],
                condition=models.Q(course__isnull=False),
                name="training_student_course_once",
            ),
            models.UniqueConstraint(
                fields=["student", "training_class"],
                condition=models.Q(training_class__isnull=False),
                name="training_student_class_once",
            ),
            models.CheckConstraint(
                condition=models.Q(course__isnull=True, training_class__isnull=False)
                | models.Q(course__isnull=False, training_class__isnull=True),
                name="training_student_enrolment_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.course or self.training_class}"
