"""Training: courses (质课堂), question banks and exams, classes (培训班), qualifications
(首席质量官) and knowledge contests."""

from qualitymonth.training.models.classes import (
    HOLDS_PLACE,
    ClassCertificate,
    ClassEnrolment,
    ClassSession,
    EnrolmentStatus,
    SessionAttendance,
    TrainingClass,
)
from qualitymonth.training.models.contests import (
    CheckIn,
    CheckInCampaign,
    Contest,
    ContestCertificate,
    ContestEntry,
)
from qualitymonth.training.models.courses import (
    Course,
    CourseCertificate,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    Level,
    Strand,
    VideoCheck,
)
from qualitymonth.training.models.exams import (
    Answer,
    Attempt,
    Difficulty,
    Exam,
    Question,
    QuestionBank,
    QuestionKind,
)
from qualitymonth.training.models.outreach import (
    Lecturer,
    SchoolClass,
    Student,
    StudentEnrolment,
    TalkRequest,
    TalkStatus,
)
from qualitymonth.training.models.qualifications import (
    Appointment,
    AppointmentBatch,
    Qualification,
    QualificationKind,
)

__all__ = [
    "HOLDS_PLACE",
    "Answer",
    "Appointment",
    "AppointmentBatch",
    "Attempt",
    "CheckIn",
    "CheckInCampaign",
    "ClassCertificate",
    "ClassEnrolment",
    "ClassSession",
    "Contest",
    "ContestCertificate",
    "ContestEntry",
    "Course",
    "CourseCertificate",
    "Difficulty",
    "Enrolment",
    "EnrolmentStatus",
    "Exam",
    "Lecturer",
    "Lesson",
    "LessonKind",
    "LessonProgress",
    "Level",
    "Qualification",
    "QualificationKind",
    "Question",
    "QuestionBank",
    "QuestionKind",
    "SchoolClass",
    "SessionAttendance",
    "Strand",
    "Student",
    "StudentEnrolment",
    "TalkRequest",
    "TalkStatus",
    "TrainingClass",
    "VideoCheck",
]
