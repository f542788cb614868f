"""我的学习: a trainee's record of courses, classes, hours, certificates and qualifications."""

from decimal import Decimal

from django.db.models import Count

from qualitymonth.training.models import ClassSession, Qualification
from qualitymonth.training.selectors import lesson_counts, my_classes, my_courses


def learning_record(user) -> dict:
    courses = list(my_courses(user))
    totals = lesson_counts({e.course_id for e in courses})
    for enrolment in courses:
        enrolment.lesson_total = totals.get(enrolment.course_id, 0)
    classes = list(my_classes(user))
    sessions = dict(
        ClassSession.objects.filter(training_class_id__in={e.training_class_id for e in classes})
        .values("training_class_id")
        .annotate(n=Count("pk"))
        .values_list("training_class_id", "n")
    )
    for enrolment in classes:
        enrolment.session_total = sessions.get(enrolment.training_class_id, 0)
        enrolment.rate = (
            round(enrolment.attended_count * 100 / enrolment.session_total, 1)
            if enrolment.session_total
            else 0
        )
    hours = sum((e.course.hours for e in courses if e.completed_at), Decimal(0)) + sum(
        (e.training_class.hours for e in classes if e.completed_at), Decimal(0)
    )
    qualifications = Qualification.objects.filter(holder=user).select_related("kind")
    return {
        "courses": courses,
        "classes": classes,
        "hours": hours,
        "qualifications": qualifications,
    }
