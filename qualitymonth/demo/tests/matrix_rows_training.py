"""Permission-matrix rows of training (see matrix.py for the vocabulary).

The courses, lessons, classes, contests and the quality officers' registry are public; a
person's attempts and learning record are theirs; trainers mark their exams and the
secretariat everything; an enterprise's administrator appoints its quality officer.
"""

import shutil

from qualitymonth.demo.tests.matrix import (
    API_401,
    API_403,
    EVERYONE,
    FILE,
    NOT_FOUND,
    POST_ONLY,
    SIGN_IN,
    WRITES,
    Row,
    answers,
    private,
    signed_in,
    staff_page,
)
from qualitymonth.events.models import Registration
from qualitymonth.organizations.models import User
from qualitymonth.training.models import (
    Answer,
    Appointment,
    AppointmentBatch,
    Attempt,
    CheckIn,
    ClassEnrolment,
    Contest,
    ContestCertificate,
    ContestEntry,
    Course,
    Enrolment,
    Exam,
    LessonProgress,
    Qualification,
    SchoolClass,
    SessionAttendance,
    Student,
    StudentEnrolment,
    TalkRequest,
    TrainingClass,
)

SIGNED_IN_POST_ONLY = answers(POST_ONLY, anonymous=SIGN_IN)
STAFF = ("own_admin", "own_reporter", "other_admin", "other_reporter")
# The demo makes its videos with ffmpeg when it is installed; without it the lessons are text.
VIDEO = answers(FILE) if shutil.which("ffmpeg") else answers(NOT_FOUND)


def basics():
    return Course.objects.get(key="quality-basics")


def basics_key():
    return [basics().key]


def first_lesson():
    course = basics()
    return [course.key, course.lessons.order_by("position").first().pk]


def first_lesson_id():
    return [basics().lessons.order_by("position").first().pk]


def quiz_id():
    return [Exam.objects.get(title="质课堂随堂测验").pk]


def citizens_attempt():
    return [Attempt.objects.get(user__username="citizen", exam__title="质课堂随堂测验").pk]


def unmarked_answer():
    return [Answer.objects.filter(points__isnull=True, attempt__is_demo=True).first().pk]


def cqo_class():
    return TrainingClass.objects.get(key="cqo-2026")


def citizens_class_enrolment():
    return [ClassEnrolment.objects.get(user__username="citizen", training_class=cqo_class()).pk]


def pending_enrolment():
    """A place in the CQO class awaiting the secretariat's approval (the demo's class needs
    none: the row makes its own, once, for a person of its own)."""
    from qualitymonth.training.services.classes import enrol_in_class

    user, _created = User.objects.get_or_create(username="matrix-pending")
    enrolment = ClassEnrolment.objects.filter(training_class=cqo_class(), user=user).first()
    if enrolment is None:
        enrolment = enrol_in_class(user=user, training_class=cqo_class())
        # Its registration (the class's event's) holds the status.
        Registration.objects.filter(class_enrolment=enrolment).update(status="pending")
    return [enrolment.pk]


def demo_school_class():
    return SchoolClass.objects.get(school__key="demo-school-xuhui", name="初二(3)班")


def first_session():
    training_class = cqo_class()
    return [training_class.key, training_class.sessions.order_by("starts_at").first().pk]


def xuhui_batch():
    return AppointmentBatch.objects.get(title="徐汇区第二批企业首席质量官")


def someones_qualification():
    return Qualification.objects.get(holder__username="cqo-1")


def contest():
    return Contest.objects.get(key="fengxian-2026-quiz")


def count(model):
    return lambda: model.objects.count()


ROWS = {
    "training": [
        Row("training:catalogue", EVERYONE),
        # The holder's own page with the QR code (the demo's are held by no persona).
        Row(
            "training:certificate",
            private(),
            args=lambda: [someones_qualification().serial],
        ),
        Row("training:mine", signed_in()),
        Row("training:course", EVERYONE, args=basics_key, title=lambda: basics().title),
        Row(
            "training:enrol",
            SIGNED_IN_POST_ONLY,
            post=signed_in(WRITES),
            args=basics_key,
            watch=count(Enrolment),
        ),
        Row("training:lesson", EVERYONE, args=first_lesson),
        Row(
            "training:lesson_done",
            SIGNED_IN_POST_ONLY,
            post=signed_in(WRITES),
            args=first_lesson,
            watch=count(LessonProgress),
        ),
        # The player's JSON: only people enrolled in the course save progress (the citizen).
        Row(
            "training:progress",
            answers(POST_ONLY),
            post=answers(API_403, anonymous=API_401, citizen=WRITES),
            args=first_lesson_id,
            watch=count(LessonProgress),
        ),
        Row("training:video", VIDEO, args=first_lesson_id),
        # The demo's posters are made with its videos by ffmpeg; it has no slides.
        Row("training:poster", VIDEO, args=first_lesson_id),
        Row("training:document", answers(NOT_FOUND), args=first_lesson_id),
        # The course's quiz: for those enrolled in it (the citizen) and those who mark it.
        Row(
            "training:exam",
            private("citizen", "secretariat"),
            post=private("citizen", "secretariat", answer=WRITES),
            args=quiz_id,
            watch=count(Attempt),
        ),
        Row("training:exam_results", private("secretariat"), args=quiz_id),
        Row(
            "training:attempt",
            private("citizen"),
            post=private("citizen", answer=WRITES),
            args=citizens_attempt,
            watch=count(Answer),
        ),
        Row(
            "training:mark",
            SIGNED_IN_POST_ONLY,
            post=private("secretariat", answer=WRITES),
            args=unmarked_answer,
            data={"points": "3"},
            watch=lambda: Answer.objects.filter(points__isnull=True).count(),
        ),
        Row("training:marking", staff_page("secretariat")),
        Row("training:classes", EVERYONE),
        # The class's trainers (no persona) and the secretariat.
        Row("training:classes_i_run", staff_page("secretariat")),
        Row(
            "training:class",
            EVERYONE,
            args=lambda: [cqo_class().key],
            title=lambda: cqo_class().title,
        ),
        Row(
            "training:class_enrol",
            SIGNED_IN_POST_ONLY,
            post=signed_in(WRITES),
            args=lambda: [cqo_class().key],
            watch=count(ClassEnrolment),
        ),
        Row("training:roster", private("secretariat"), args=lambda: [cqo_class().key]),
        Row(
            "training:attendance",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=first_session,
            watch=count(SessionAttendance),
        ),
        # Editing outside the admin: the secretariat keeps courses and opens classes; a
        # class's trainers (no persona) edit it and its sessions.
        Row("training:edit_courses", staff_page("secretariat")),
        Row(
            "training:new_course",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=count(Course),
        ),
        Row(
            "training:edit_course",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=basics_key,
            title=lambda: basics().title,
            watch=lambda: basics().title,
        ),
        Row(
            "training:new_lesson",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=basics_key,
            watch=lambda: basics().lessons.count(),
        ),
        Row(
            "training:edit_lesson",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=first_lesson,
            watch=lambda: basics().lessons.order_by("position").first().title,
        ),
        Row(
            "training:new_class",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=count(TrainingClass),
        ),
        Row(
            "training:edit_class",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=lambda: [cqo_class().key],
            title=lambda: cqo_class().title,
            watch=lambda: cqo_class().title,
        ),
        Row(
            "training:new_session",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=lambda: [cqo_class().key],
            watch=lambda: cqo_class().sessions.count(),
        ),
        Row(
            "training:edit_session",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=first_session,
            watch=lambda: cqo_class().sessions.order_by("starts_at").first().title,
        ),
        # Unit administrators enrol their staff (SGM's and the Huangpu bureau's).
        Row(
            "training:enrol_staff",
            staff_page("own_admin", "other_admin"),
            post=staff_page("own_admin", "other_admin", answer=WRITES),
            args=lambda: [cqo_class().key],
            watch=count(ClassEnrolment),
        ),
        # The citizen's own place in the CQO class; the secretariat cancels any.
        Row(
            "training:cancel_class_enrolment",
            SIGNED_IN_POST_ONLY,
            post=private("citizen", "secretariat", answer=WRITES),
            args=citizens_class_enrolment,
            watch=lambda: ClassEnrolment.objects.filter(registration__status="cancelled").count(),
        ),
        # The secretariat approves or declines places awaiting approval; nobody else may.
        Row(
            "training:approve_class_enrolment",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=pending_enrolment,
            watch=lambda: ClassEnrolment.objects.filter(registration__status="pending").count(),
        ),
        Row(
            "training:decline_class_enrolment",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=pending_enrolment,
            watch=lambda: ClassEnrolment.objects.filter(registration__status="pending").count(),
        ),
        # The trainer scans trainees' QR codes at a session (the class's trainers, no persona).
        Row(
            "training:session_check_in",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=first_session,
            watch=count(SessionAttendance),
        ),
        Row("training:registry", EVERYONE),
        # Administrators of a unit appoint its quality officer (SGM's and the Huangpu bureau's).
        Row(
            "training:appoint",
            staff_page("own_admin", "other_admin"),
            post=staff_page("own_admin", "other_admin", answer=WRITES),
            watch=count(Appointment),
        ),
        Row(
            "training:batch",
            EVERYONE,
            args=lambda: [xuhui_batch().pk],
            title=lambda: xuhui_batch().title,
        ),
        # Published already: the secretariat is told so; anyone else may not publish.
        Row(
            "training:publish_batch",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [xuhui_batch().pk],
            watch=lambda: AppointmentBatch.objects.filter(published_at__isnull=True).count(),
        ),
        # Only the holder renews (none of the personas holds it).
        Row(
            "training:renew",
            SIGNED_IN_POST_ONLY,
            post=private(),
            args=lambda: [someones_qualification().pk],
            watch=lambda: someones_qualification().valid_until,
        ),
        Row("training:contests", EVERYONE),
        Row(
            "training:contest",
            EVERYONE,
            args=lambda: [contest().key],
            title=lambda: contest().title,
        ),
        Row(
            "training:contest_code",
            SIGNED_IN_POST_ONLY,
            post=signed_in(WRITES),
            args=lambda: [contest().key],
            watch=count(ContestEntry),
        ),
        Row(
            "training:contest_enter",
            SIGNED_IN_POST_ONLY,
            post=signed_in(WRITES),
            args=lambda: [contest().key],
            watch=count(ContestEntry),
        ),
        Row(
            "training:contest_draw",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [contest().key],
            watch=lambda: contest().drawn_at,
        ),
        Row(
            "training:contest_certificates",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [contest().key],
            watch=count(ContestCertificate),
        ),
        Row(
            "training:checkin",
            EVERYONE,
            post=signed_in(WRITES),
            args=lambda: ["qingpu-14-days"],
            watch=count(CheckIn),
        ),
        Row("training:figures", staff_page("secretariat")),
        Row("training:lecturers", EVERYONE),
        # Any unit's staff ask for a talk for their unit.
        Row(
            "training:request_talk",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=count(TalkRequest),
        ),
        Row("training:talk_requests", staff_page("secretariat")),
        Row(
            "training:assign_talk",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [TalkRequest.objects.get(topic="全员质量意识提升").pk],
            watch=lambda: TalkRequest.objects.filter(lecturer__isnull=False).count(),
        ),
        # Schools' staff (none among the personas) and the secretariat.
        Row(
            "training:students",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=count(Student),
        ),
        # A school's teachers (teacher-1, no persona) and the secretariat keep its classes;
        # another school's class answers 404.
        Row(
            "training:school_classes",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=count(SchoolClass),
        ),
        Row(
            "training:school_class",
            private("secretariat"),
            post=private("secretariat", answer=WRITES),
            args=lambda: [demo_school_class().pk],
            title=lambda: demo_school_class().name,
            data={"enrol": "1", "course": ""},
            watch=count(StudentEnrolment),
        ),
    ]
}
