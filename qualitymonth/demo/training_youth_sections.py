"""The demo's 质成长: a school with a teacher, a school class whose students (the children
under 14 with their guardians' consent recorded) the teacher enrolled in a 质课堂 course."""

import datetime
from collections import Counter

from django.utils import timezone

from qualitymonth.core.chinese import to_traditional
from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.organizations.models import Position, Role, Unit, UnitKind, User
from qualitymonth.training.models import Course, SchoolClass, Student, StudentEnrolment


def _born(age: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - age, day=1) - datetime.timedelta(days=40)


@section("training_youth")
def load_youth(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        district = unit_by_key(row["district"])
        school = save_if_changed(
            Unit,
            {"key": row["key"]},
            {
                "kind": UnitKind.SCHOOL,
                "name": row["name"],
                "name_zh_hant": to_traditional(row["name"]),
                "name_en": row.get("name_en", ""),
                "parent": district,
                "district": district,
            },
            counts,
        )
        teacher = User.objects.filter(username=row["teacher"]).first()
        if teacher is None:
            raise FixtureError(f"unknown person {row['teacher']!r}")
        Position.objects.get_or_create(user=teacher, unit=school, role=Role.REPORTER)
        for item in row["classes"]:
            school_class = save_if_changed(
                SchoolClass, {"school": school, "name": item["name"]}, {"is_demo": True}, counts
            )
            students = [
                _student(school, school_class, teacher, pupil, counts) for pupil in item["students"]
            ]
            for key in item.get("courses", []):
                course = Course.objects.get(key=key)
                for student in students:
                    _enrolment, created = StudentEnrolment.objects.get_or_create(
                        student=student,
                        course=course,
                        defaults={
                            "school_class": school_class,
                            "enrolled_by": teacher,
                            "is_demo": True,
                        },
                    )
                    counts["created" if created else "unchanged"] += 1
    return counts


def _student(school, school_class, teacher, pupil: dict, counts: Counter) -> Student:
    """A pupil; a child under 14 only with the guardian's consent (the fixture must say who)."""
    if pupil["age"] < 14 and not pupil.get("guardian"):
        raise FixtureError(f"{pupil['name']}: a child under 14 needs a guardian's consent")
    student, created = Student.objects.get_or_create(
        school=school,
        name=pupil["name"],
        defaults={
            "school_class": school_class,
            "birth_date": _born(pupil["age"]),
            "guardian_name": pupil.get("guardian", ""),
            "guardian_phone": pupil.get("guardian_phone", ""),
            "consent_at": timezone.now() if pupil.get("guardian") else None,
            "recorded_by": teacher,
        },
    )
    counts["created" if created else "unchanged"] += 1
    return student
