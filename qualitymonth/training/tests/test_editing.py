"""Editing outside the admin: the secretariat keeps courses and lessons (videos checked by
content), a class's trainers edit it and its sessions; others are refused."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_person
from qualitymonth.training.models import ClassSession, Course, Lesson, TrainingClass
from qualitymonth.training.services.editing import save_lesson
from qualitymonth.training.tests.test_video import MP4
from tests.queries import assert_flat


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_secretariat_creates_a_course_that_appears_in_the_catalogue(secretariat, client):
    client.force_login(secretariat)

    client.post(
        "/training/edit/courses/new/",
        {
            "key": "spc",
            "title": "统计过程控制入门",
            "strand": "basics",
            "level": "introductory",
            "hours": "1.5",
            "quiz_min_score": "60",
            "is_published": "on",
        },
    )

    assert Course.objects.get(key="spc").title == "统计过程控制入门"
    assert "统计过程控制入门" in client.get("/training/").content.decode()


def test_a_video_lesson_is_uploaded_from_its_page(
    course, secretariat, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)

    # The file is written once the transaction commits (a test's commit comes after the
    # request has closed its uploads: the writing is shown by the next test).
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            f"/training/edit/courses/{course.key}/lessons/new/",
            {
                "position": "3",
                "title": "控制图",
                "kind": "video",
                "transcript": "控制图的用法",
                "video_file": SimpleUploadedFile("clip.bin", MP4),
            },
        )

    lesson = Lesson.objects.get(title="控制图")
    assert (lesson.video_type, lesson.transcript) == ("video/mp4", "控制图的用法")
    assert lesson.video.name.endswith(".mp4")
    assert callbacks


def test_an_uploaded_video_plays_in_ranges(
    course, secretariat, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    lesson = Lesson(course=course, position=3, title="控制图", kind="video")

    with django_capture_on_commit_callbacks(execute=True):
        save_lesson(actor=secretariat, lesson=lesson, video=SimpleUploadedFile("c.bin", MP4))

    response = client.get(f"/training/lessons/{lesson.pk}/video", HTTP_RANGE="bytes=0-7")
    assert b"".join(response.streaming_content) == MP4[:8]


def test_a_file_that_is_not_a_video_is_refused_and_no_lesson_saved(
    course, secretariat, english, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    english.force_login(secretariat)

    response = english.post(
        f"/training/edit/courses/{course.key}/lessons/new/",
        {
            "position": "3",
            "title": "假视频",
            "kind": "video",
            "video_file": SimpleUploadedFile("clip.mp4", b"%PDF-1.4 not a video at all"),
        },
    )

    assert "clip.mp4 is not a video" in response.content.decode()
    assert not Lesson.objects.filter(title="假视频").exists()


def test_a_video_lesson_without_a_video_is_refused(course, secretariat, english):
    english.force_login(secretariat)

    response = english.post(
        f"/training/edit/courses/{course.key}/lessons/new/",
        {"position": "3", "title": "空视频", "kind": "video"},
    )

    assert "A video lesson needs its video file." in response.content.decode()
    assert not Lesson.objects.filter(title="空视频").exists()


def test_people_outside_the_secretariat_cannot_edit_courses(course, trainer, client):
    client.force_login(trainer)

    response = client.post(f"/training/edit/courses/{course.key}/", {"title": "改掉"})

    assert response.status_code == 403
    assert Course.objects.get(pk=course.pk).title == "质量基础"


def test_the_secretariat_opens_a_class_with_its_trainers(secretariat, trainer, client):
    client.force_login(secretariat)

    client.post(
        "/training/edit/classes/new/",
        {
            "key": "qc-2027",
            "title": "QC小组骨干培训班",
            "fee": "0",
            "capacity": "30",
            "hours": "16",
            "attendance_required": "80",
            "trainer_names": "trainer",
            "is_published": "on",
        },
    )

    training_class = TrainingClass.objects.get(key="qc-2027")
    assert list(training_class.trainers.all()) == [trainer]
    assert "QC小组骨干培训班" in client.get("/training/classes/").content.decode()


def test_an_unknown_trainer_is_named_and_no_class_saved(secretariat, english):
    english.force_login(secretariat)

    response = english.post(
        "/training/edit/classes/new/",
        {
            "key": "qc-2027",
            "title": "QC小组骨干培训班",
            "fee": "0",
            "capacity": "30",
            "hours": "16",
            "attendance_required": "80",
            "trainer_names": "nobody-here",
        },
    )

    assert "nobody-here" in response.content.decode()
    assert not TrainingClass.objects.filter(key="qc-2027").exists()


def test_a_trainer_adds_a_session_to_their_class(training_class, trainer, client):
    client.force_login(trainer)

    client.post(
        f"/training/classes/{training_class.key}/sessions/new/",
        {
            "title": "第6讲",
            "starts_at": "2026-09-10T09:00",
            "ends_at": "2026-09-10T12:00",
            "venue": "质量会堂",
        },
    )

    assert training_class.sessions.filter(title="第6讲", venue="质量会堂").exists()
    assert "第6讲" in client.get(f"/training/classes/{training_class.key}/").content.decode()


def test_a_session_ending_before_it_starts_is_refused(training_class, trainer, english):
    english.force_login(trainer)

    response = english.post(
        f"/training/classes/{training_class.key}/sessions/new/",
        {"title": "倒过来", "starts_at": "2026-09-10T12:00", "ends_at": "2026-09-10T09:00"},
    )

    assert "A session ends after it starts." in response.content.decode()
    assert not ClassSession.objects.filter(title="倒过来").exists()


def test_another_trainer_cannot_edit_the_class(training_class, client):
    client.force_login(make_person("someone-else"))

    response = client.post(
        f"/training/classes/{training_class.key}/edit/", {"title": "改掉", "capacity": "99"}
    )

    assert response.status_code == 404
    assert TrainingClass.objects.get(pk=training_class.pk).capacity == 2


def test_the_course_editing_list_stays_flat(secretariat, client):
    client.force_login(secretariat)
    Course.objects.create(key="c0", title="课程0", strand="basics", level="introductory")

    def more():
        for n in range(1, 4):
            Course.objects.create(key=f"c{n}", title=f"课程{n}", strand="basics", level="advanced")

    assert_flat(client, "/training/edit/courses/", more)
