"""Editing outside the admin: a course and its lessons (with their files), a class and its
sessions. Each save is one transaction: a refused file leaves no lesson behind."""

from django.db import transaction

from qualitymonth.core.services import log_action
from qualitymonth.training import media
from qualitymonth.training.models import ClassSession, Course, Lesson, TrainingClass


@transaction.atomic
def save_course(*, actor, course: Course) -> Course:
    created = course.pk is None
    course.save()
    log_action(
        actor=actor,
        action="training.course.create" if created else "training.course.edit",
        obj=course,
    )
    return course


def save_lesson(*, actor, lesson: Lesson, video=None, document=None) -> Lesson:
    """The lesson and its files together; a file that is not what it says (checked by its
    content) raises ValidationError and nothing is saved."""
    created = lesson.pk is None
    try:
        with transaction.atomic():
            lesson.save()
            if video is not None:
                media.attach_video(lesson=lesson, upload=video)
            if document is not None:
                media.attach_document(lesson=lesson, upload=document)
            log_action(
                actor=actor,
                action="training.lesson.create" if created else "training.lesson.edit",
                obj=lesson,
            )
    except Exception:
        if created:
            lesson.pk = None  # the row was rolled back: the form may be sent again
        raise
    return lesson


@transaction.atomic
def save_class(*, actor, training_class: TrainingClass, trainers=None) -> TrainingClass:
    created = training_class.pk is None
    training_class.save()
    if trainers is not None:
        training_class.trainers.set(trainers)
    from qualitymonth.training.services.classes import fill_free_places

    # Its event follows the class (made with it); places it gained go to the waiting list.
    fill_free_places(actor=actor, training_class=training_class)
    log_action(
        actor=actor,
        action="training.class.create" if created else "training.class.edit",
        obj=training_class,
        changes={"trainers": [None, sorted(user.username for user in trainers or [])]},
    )
    return training_class


@transaction.atomic
def save_session(*, actor, session: ClassSession) -> ClassSession:
    created = session.pk is None
    session.save()
    log_action(
        actor=actor,
        action="training.session.create" if created else "training.session.edit",
        obj=session,
    )
    from qualitymonth.training.services.classes import sync_event

    sync_event(actor=actor, training_class=session.training_class)  # the event's times
    return session
