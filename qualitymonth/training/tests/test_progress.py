import json

from django.urls import reverse

from conftest import Client
from qualitymonth.training.models import LessonProgress
from qualitymonth.training.services.courses import enrol, record_progress


def _post(client, lesson, body):
    return client.post(
        reverse("training:progress", args=[lesson.pk]),
        data=json.dumps(body),
        content_type="application/json",
    )


def test_progress_saved_on_one_device_resumes_on_another(course, trainee):
    enrol(user=trainee, course=course)
    lesson = course.lessons.get(position=1)
    lesson.video.name = "training/lessons/clip.mp4"
    lesson.save(update_fields=["video"])
    phone, laptop = Client(), Client()
    phone.force_login(trainee)
    laptop.force_login(trainee)

    saved = _post(phone, lesson, {"position": 42.5, "ranges": [[0, 42.5]]})

    assert saved.json() == {"position": 42.5, "watched": 42.5, "done": False}
    page = laptop.get(lesson.get_absolute_url()).content.decode()
    assert 'data-resume="42.5"' in page


def test_a_video_counts_once_ninety_percent_is_played(course, trainee):
    enrolment = enrol(user=trainee, course=course)
    lesson = course.lessons.get(position=1)

    record_progress(enrolment=enrolment, lesson=lesson, position=60, ranges=[[0, 60]])
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert progress.completed_at is None

    record_progress(enrolment=enrolment, lesson=lesson, position=95, ranges=[[55, 91]])
    progress.refresh_from_db()
    assert progress.watched_seconds == 91
    assert progress.completed_at is not None


def test_watching_the_same_minute_twice_counts_it_once(course, trainee):
    enrolment = enrol(user=trainee, course=course)
    lesson = course.lessons.get(position=1)

    for _ in range(5):
        record_progress(enrolment=enrolment, lesson=lesson, position=30, ranges=[[0, 30]])

    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert progress.watched_seconds == 30
    assert progress.completed_at is None


def test_progress_of_someone_not_enrolled_is_refused_and_not_saved(course, trainee, client):
    client.force_login(trainee)
    lesson = course.lessons.get(position=1)

    response = _post(client, lesson, {"position": 10, "ranges": [[0, 10]]})

    assert response.status_code == 403
    assert "Enrol" in response.json()["detail"] or "报名" in response.json()["detail"]
    assert not LessonProgress.objects.exists()


def test_unreadable_progress_is_refused_with_a_message(course, trainee, client):
    enrol(user=trainee, course=course)
    client.force_login(trainee)
    lesson = course.lessons.get(position=1)

    response = _post(client, lesson, {"position": 10, "ranges": [["a", None]]})

    assert response.status_code == 400
    assert response.json()["detail"]
    assert not LessonProgress.objects.exists()
