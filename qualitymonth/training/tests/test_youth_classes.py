"""质成长: a teacher (acting for a school) keeps the school's classes, registers students
(a child's data only with the guardian's consent) and enrols a whole class in a course or a
training class; another school's class answers 404."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import make_person, make_unit
from qualitymonth.core.models import AuditEntry
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.training.models import SchoolClass, Student, StudentEnrolment
from qualitymonth.training.services.classes import enrol_in_class
from qualitymonth.training.services.outreach import enrol_school_class
from tests.queries import assert_flat


def born(years_ago: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years_ago) - datetime.timedelta(days=30)


@pytest.fixture
def school(db):
    return make_unit(kind=UnitKind.SCHOOL, key="school", name="徐汇中学")


@pytest.fixture
def teacher(school):
    return make_person("teacher", unit=school, role=Role.REPORTER)


@pytest.fixture
def grade_two(school):
    return SchoolClass.objects.create(school=school, name="初二(3)班")


@pytest.fixture
def pupils(grade_two, school):
    """A child with the guardian's consent and a pupil of fifteen, who needs none."""
    return [
        Student.objects.create(
            school=school,
            school_class=grade_two,
            name="王小明",
            birth_date=born(12),
            guardian_name="王大明",
            guardian_phone="+8613812345678",
            consent_at=timezone.now(),
        ),
        Student.objects.create(
            school=school, school_class=grade_two, name="李华", birth_date=born(15)
        ),
    ]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_teacher_adds_a_class_and_registers_a_child_with_consent(teacher, school, english):
    english.force_login(teacher)

    response = english.post(
        "/training/youth/classes/", {"school": school.pk, "name": "初二(3)班"}, follow=True
    )
    school_class = SchoolClass.objects.get()
    response = english.post(
        f"/training/youth/classes/{school_class.pk}/",
        {
            "register": "1",
            "name": "王小明",
            "birth_date": born(12).isoformat(),
            "guardian_name": "王大明",
            "guardian_phone": "13812345678",
            "consent": "on",
        },
        follow=True,
    )

    assert "王小明" in response.content.decode()
    student = Student.objects.get()
    assert student.school_class == school_class and student.consent_at is not None


def test_a_child_without_consent_is_refused_on_the_class_page(teacher, grade_two, english):
    english.force_login(teacher)

    response = english.post(
        f"/training/youth/classes/{grade_two.pk}/",
        {"register": "1", "name": "王小明", "birth_date": born(12).isoformat()},
    )

    assert response.status_code == 400
    assert "nothing has been stored" in response.content.decode()
    assert not Student.objects.exists()


def test_the_teacher_enrols_the_class_in_a_course(teacher, grade_two, pupils, course, english):
    english.force_login(teacher)

    response = english.post(
        f"/training/youth/classes/{grade_two.pk}/",
        {"enrol": "1", "course": course.pk},
        follow=True,
    )

    page = response.content.decode()
    assert "Enrolled: 李华、王小明." in page
    assert page.count('data-testid="student-enrolment"') == 2
    assert set(StudentEnrolment.objects.values_list("course", flat=True)) == {course.pk}
    assert AuditEntry.objects.filter(action="training.school_class.enrol").exists()


def test_a_child_without_consent_on_record_stops_the_whole_class(
    teacher, grade_two, pupils, course, school
):
    # A record kept from before consent was asked for: nothing more of the child is stored.
    Student.objects.create(
        school=school, school_class=grade_two, name="张小红", birth_date=born(11)
    )

    with translation.override("en"), pytest.raises(ValidationError, match="张小红"):
        enrol_school_class(actor=teacher, school_class=grade_two, course=course)

    assert not StudentEnrolment.objects.exists()


def test_the_class_takes_places_in_a_training_class_or_none(
    teacher, grade_two, pupils, training_class, trainee
):
    enrol_in_class(user=trainee, training_class=training_class)  # 1 of 2 places left

    with translation.override("en"), pytest.raises(ValidationError, match="1 places left"):
        enrol_school_class(actor=teacher, school_class=grade_two, training_class=training_class)

    assert not StudentEnrolment.objects.exists()


def test_students_enrolled_in_a_training_class_take_its_places(
    teacher, grade_two, pupils, training_class, english
):
    enrol_school_class(actor=teacher, school_class=grade_two, training_class=training_class)

    page = english.get(f"/training/classes/{training_class.key}/").content.decode()

    assert "2 of 2 places taken" in page
    assert enrol_in_class(user=make_person("late"), training_class=training_class).status == (
        "waiting"
    )


def test_enrolling_twice_names_those_already_enrolled(teacher, grade_two, pupils, course):
    enrol_school_class(actor=teacher, school_class=grade_two, course=course)

    result = enrol_school_class(actor=teacher, school_class=grade_two, course=course)

    assert result["enrolled"] == [] and len(result["already"]) == 2
    assert StudentEnrolment.objects.count() == 2


def test_another_schools_class_answers_404(grade_two, pupils, course, client):
    other_school = make_unit(kind=UnitKind.SCHOOL, key="other-school", name="南洋中学")
    other_teacher = make_person("other-teacher", unit=other_school, role=Role.REPORTER)
    client.force_login(other_teacher)

    page = client.get(f"/training/youth/classes/{grade_two.pk}/")
    enrol = client.post(
        f"/training/youth/classes/{grade_two.pk}/", {"enrol": "1", "course": course.pk}
    )

    assert page.status_code == 404 and enrol.status_code == 404
    assert "王小明" not in page.content.decode()
    assert not StudentEnrolment.objects.exists()
    listing = client.get("/training/youth/classes/").content.decode()
    assert f"/training/youth/classes/{grade_two.pk}/" not in listing
    assert 'data-testid="school-class"' not in listing


def test_a_teacher_adds_classes_only_to_their_school(teacher, english):
    other_school = make_unit(kind=UnitKind.SCHOOL, key="other-school", name="南洋中学")
    english.force_login(teacher)

    response = english.post(
        "/training/youth/classes/", {"school": other_school.pk, "name": "初一(1)班"}
    )

    assert response.status_code == 400
    assert not SchoolClass.objects.exists()


def test_the_school_classes_list_stays_flat(teacher, school, client):
    client.force_login(teacher)
    SchoolClass.objects.create(school=school, name="初一(1)班")

    def more():
        for n in range(2, 5):
            school_class = SchoolClass.objects.create(school=school, name=f"初一({n})班")
            Student.objects.create(
                school=school, school_class=school_class, name=f"学生{n}", birth_date=born(15)
            )

    assert_flat(client, "/training/youth/classes/", more)


def test_a_school_classs_page_stays_flat(teacher, grade_two, pupils, course, client):
    client.force_login(teacher)
    enrol_school_class(actor=teacher, school_class=grade_two, course=course)
    url = f"/training/youth/classes/{grade_two.pk}/"

    def more():
        students = [
            Student.objects.create(
                school=grade_two.school,
                school_class=grade_two,
                name=f"学生{n}",
                birth_date=born(15),
            )
            for n in range(3)
        ]
        assert students
        enrol_school_class(actor=teacher, school_class=grade_two, course=course)

    assert_flat(client, url, more)
