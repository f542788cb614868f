"""Training figures: trainees, trainee-times, hours, classes and completion rate, by year,
strand, unit and district. Aggregated by the database; read by the figures page and by
other apps through training.selectors.training_figures."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from qualitymonth.training.models import ClassEnrolment, Enrolment, TrainingClass

ZERO = Decimal(0)
# Enrolments with a place (their registration's status), and those completed whatever became
# of their ticket afterwards.
COUNTED = Q(registration__status="confirmed") | Q(completed_at__isnull=False)


def _rate(done: int, total: int) -> float:
    return round(done * 100 / total, 1) if total else 0.0


def years() -> list[int]:
    found = set(
        Enrolment.objects.annotate(y=ExtractYear("enrolled_at")).values_list("y", flat=True)
    ) | set(
        ClassEnrolment.objects.filter(COUNTED)
        .annotate(y=ExtractYear("enrolled_at"))
        .values_list("y", flat=True)
    )
    return sorted((y for y in found if y), reverse=True)


def training_figures(year: int | None = None) -> dict:
    courses = Enrolment.objects.all()
    classes = ClassEnrolment.objects.filter(COUNTED)
    if year:
        courses = courses.filter(enrolled_at__year=year)
        classes = classes.filter(enrolled_at__year=year)
    done_course = Q(completed_at__isnull=False)
    course_totals = courses.aggregate(
        times=Count("pk"),
        done=Count("pk", filter=done_course),
        hours=Coalesce(Sum("course__hours", filter=done_course), ZERO),
    )
    class_totals = classes.aggregate(
        times=Count("pk"),
        done=Count("pk", filter=done_course),
        hours=Coalesce(Sum("training_class__hours", filter=done_course), ZERO),
    )
    people = set(courses.values_list("user_id", flat=True)) | set(
        classes.values_list("user_id", flat=True)
    )
    times = course_totals["times"] + class_totals["times"]
    done = course_totals["done"] + class_totals["done"]
    held = TrainingClass.objects.filter(sessions__isnull=False)
    if year:
        held = held.filter(sessions__starts_at__year=year)
    by_strand = list(
        courses.values("course__strand")
        .annotate(
            times=Count("pk"),
            done=Count("pk", filter=done_course),
            hours=Coalesce(Sum("course__hours", filter=done_course), ZERO),
        )
        .order_by("course__strand")
    )
    by_unit = list(
        classes.filter(unit__isnull=False)
        .values("unit__name")
        .annotate(
            times=Count("pk"),
            done=Count("pk", filter=done_course),
            hours=Coalesce(Sum("training_class__hours", filter=done_course), ZERO),
        )
        .order_by("-times", "unit__name")[:50]
    )
    by_district = list(
        classes.filter(unit__district__isnull=False)
        .values("unit__district__name")
        .annotate(
            times=Count("pk"),
            done=Count("pk", filter=done_course),
            hours=Coalesce(Sum("training_class__hours", filter=done_course), ZERO),
        )
        .order_by("-times", "unit__district__name")
    )
    for row in (*by_strand, *by_unit, *by_district):
        row["rate"] = _rate(row["done"], row["times"])
    return {
        "year": year,
        "trainees": len(people),
        "trainee_times": times,
        "hours": course_totals["hours"] + class_totals["hours"],
        "classes": held.distinct().count(),
        "completion_rate": _rate(done, times),
        "by_strand": by_strand,
        "by_unit": by_unit,
        "by_district": by_district,
    }


def by_district(year: int) -> dict[str, dict[str, int]]:
    """Class enrolments of the year confirmed for a unit, by the district the unit is located
    in: {"trainees": {district key: people}, "trainee_times": {district key: enrolments}}.
    Online courses know no unit, so they count for the city only (as in `training_figures`);
    a person enrolled by units of two districts counts once in each."""
    rows = (
        ClassEnrolment.objects.filter(
            COUNTED,
            enrolled_at__year=year,
            unit__district__isnull=False,
        )
        .order_by()
        .values("unit__district__key")
        .annotate(times=Count("pk"), people=Count("user_id", distinct=True))
    )
    return {
        "trainees": {row["unit__district__key"]: row["people"] for row in rows},
        "trainee_times": {row["unit__district__key"]: row["times"] for row in rows},
    }
