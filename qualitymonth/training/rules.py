"""Who may do what in training: the secretariat runs it all; trainers mark their exams and
keep their classes' attendance; an enterprise's administrator appoints its quality officer;
a district's administrator publishes the district's batch."""

import rules

from qualitymonth.organizations.models import Role
from qualitymonth.organizations.rules import is_secretariat, is_staff_of_some_unit
from qualitymonth.organizations.selectors import units_acted_for


@rules.predicate
def marks_exam(user, exam) -> bool:
    if exam is None or not user.is_authenticated:
        return False
    return exam.markers.filter(pk=user.pk).exists()


@rules.predicate
def trains_class(user, training_class) -> bool:
    if training_class is None or not user.is_authenticated:
        return False
    return training_class.trainers.filter(pk=user.pk).exists()


@rules.predicate
def administers(user, unit) -> bool:
    """Administrator of the unit itself (an enterprise appoints its own officer)."""
    if unit is None:
        return False
    return unit.pk in units_acted_for(user, Role.UNIT_ADMIN, below=False)


@rules.predicate
def administers_some_unit(user) -> bool:
    return bool(units_acted_for(user, Role.UNIT_ADMIN, below=False))


@rules.predicate
def marks_some_exam(user) -> bool:
    return user.is_authenticated and user.exams_marked.exists()


@rules.predicate
def trains_some_class(user) -> bool:
    return user.is_authenticated and user.classes_trained.exists()


rules.add_perm("training.manage", is_secretariat)
rules.add_perm("training.mark_exam", is_secretariat | marks_exam)
rules.add_perm("training.mark_some_exam", is_secretariat | marks_some_exam)
rules.add_perm("training.run_class", is_secretariat | trains_class)
rules.add_perm("training.run_some_class", is_secretariat | trains_some_class)
rules.add_perm("training.appoint_for", administers)
rules.add_perm("training.appoint", administers_some_unit)
rules.add_perm("training.publish_batch", is_secretariat | administers)
rules.add_perm("training.see_figures", is_secretariat)
# Editing outside the admin: the secretariat keeps the courses and opens classes; a class's
# trainers edit it and its sessions (training.run_class).
rules.add_perm("training.edit_courses", is_secretariat)
rules.add_perm("training.add_class", is_secretariat)


@rules.predicate
def holds_enrolment(user, enrolment) -> bool:
    return enrolment is not None and enrolment.user_id == user.pk


@rules.predicate
def administers_enrolments_unit(user, enrolment) -> bool:
    return enrolment is not None and administers(user, enrolment.unit)


# A unit's administrator enrols its staff in classes, and cancels their places.
rules.add_perm("training.enrol_staff", administers_some_unit)
# As an event's registrations: the secretariat approves or declines a class's enrolments.
rules.add_perm("training.approve_class_enrolment", is_secretariat)
rules.add_perm("training.enrol_staff_of", administers)
rules.add_perm(
    "training.cancel_class_enrolment",
    is_secretariat | holds_enrolment | administers_enrolments_unit,
)

# The admin: the secretariat edits everything of training.
for model in (
    "course",
    "lesson",
    "questionbank",
    "question",
    "exam",
    "trainingclass",
    "classsession",
    "qualificationkind",
    "qualification",
    "appointmentbatch",
    "appointment",
    "contest",
    "checkincampaign",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"training.{action}_{model}", is_secretariat)


@rules.predicate
def staff_of_a_school(user) -> bool:
    from qualitymonth.organizations.models import Unit, UnitKind
    from qualitymonth.organizations.selectors import staff_unit_ids

    units = staff_unit_ids(user)
    return bool(units) and Unit.objects.filter(pk__in=units, kind=UnitKind.SCHOOL).exists()


@rules.predicate
def teaches_at(user, school_class) -> bool:
    """A teacher: someone acting for the school the class belongs to."""
    from qualitymonth.organizations.selectors import staff_unit_ids

    return school_class is not None and school_class.school_id in staff_unit_ids(user)


rules.add_perm("training.request_talk", is_staff_of_some_unit)
# 质成长: a school's teachers keep its classes and enrol them (the secretariat may too).
rules.add_perm("training.teach_school_class", is_secretariat | teaches_at)
rules.add_perm("training.register_students", is_secretariat | staff_of_a_school)
for model in ("lecturer", "talkrequest"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"training.{action}_{model}", is_secretariat)
