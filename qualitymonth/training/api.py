"""Training in the JSON API, read-only and public: the course catalogue (质课堂) and the
public registry of qualifications (such as 首席质量官), as their pages show them."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.training import selectors, selectors_classes

router = Router(tags=["training"])


class CourseOut(Schema):
    key: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    strand: str
    strand_display: str
    level: str
    level_display: str
    hours: Decimal
    lessons: int
    url: str


class LessonOut(Schema):
    position: int
    title: str
    title_en: str
    kind: str
    duration_seconds: int | None
    url: str


class CourseDetailOut(CourseOut):
    has_quiz: bool
    quiz_min_score: int
    lesson_list: list[LessonOut]


class CatalogueQuery(Schema):
    strand: str = Field("", max_length=20)
    level: str = Field("", max_length=20)
    q: str = Field("", max_length=100)


def _course_out(course, request, lessons: int) -> dict:
    return {
        "key": course.key,
        "title": course.title,
        "title_en": course.title_en,
        "summary": course.summary,
        "summary_en": course.summary_en,
        "strand": course.strand,
        "strand_display": course.get_strand_display(),
        "level": course.level,
        "level_display": course.get_level_display(),
        "hours": course.hours,
        "lessons": lessons,
        "url": request.build_absolute_uri(course.get_absolute_url()),
    }


@router.get(
    "/courses",
    response={200: list[CourseOut], 400: ErrorOut},
    auth=ANYONE,
    summary="The course catalogue",
)
@paginate(BoundedPages)
def list_courses(request, filters: Query[CatalogueQuery]):
    query = filters.model_dump()
    checked = selectors.CatalogueFilters.from_query(query)
    if query["strand"] and query["strand"] != checked.strand:
        raise HttpError(400, _("strand: use basics, lectures, frontiers or winners."))
    if query["level"] and query["level"] != checked.level:
        raise HttpError(400, _("level: use introductory, intermediate or advanced."))
    return LazyList(
        selectors.catalogue(checked),
        lambda course: _course_out(course, request, course.lesson_count),
    )


@router.get("/courses/{key}", response=CourseDetailOut, auth=ANYONE, summary="One course")
def get_course(request, key: str):
    course = selectors.get_course(key)
    lessons = list(course.lessons.order_by("position", "pk"))
    return {
        **_course_out(course, request, len(lessons)),
        "has_quiz": course.quiz_id is not None,
        "quiz_min_score": course.quiz_min_score,
        "lesson_list": [
            {
                "position": lesson.position,
                "title": lesson.title,
                "title_en": lesson.title_en,
                "kind": lesson.kind,
                "duration_seconds": lesson.duration_seconds,
                "url": request.build_absolute_uri(lesson.get_absolute_url()),
            }
            for lesson in lessons
        ],
    }


class AppointmentOut(Schema):
    enterprise: str
    appointed_on: datetime.date


class QualificationOut(Schema):
    serial: str
    kind: str
    kind_display: str
    holder: str
    unit: str
    granted_on: datetime.date
    valid_until: datetime.date | None
    is_valid: bool
    appointments: list[AppointmentOut]
    verify_url: str


class RegistryQuery(Schema):
    q: str = Field("", max_length=100)


@router.get(
    "/qualifications",
    response=list[QualificationOut],
    auth=ANYONE,
    summary="The public registry of qualifications",
)
@paginate(BoundedPages)
def list_qualifications(request, filters: Query[RegistryQuery]):
    """Searchable by name, unit and number, as the registry page."""

    def out(qualification) -> dict:
        return {
            "serial": qualification.serial,
            "kind": qualification.kind.key,
            "kind_display": qualification.kind.display_name,
            "holder": qualification.holder_name,
            "unit": qualification.unit_name,
            "granted_on": qualification.granted_on,
            "valid_until": qualification.valid_until,
            "is_valid": qualification.is_valid,
            "appointments": [
                {"enterprise": a.enterprise.display_name, "appointed_on": a.appointed_on}
                for a in qualification.appointments.all()
            ],
            "verify_url": request.build_absolute_uri(qualification.get_absolute_url()),
        }

    return LazyList(selectors_classes.registry(filters.q.strip()), out)
