"""The demo's 质课堂 videos: made at load time by Debian's ffmpeg (nothing downloaded), each
with its poster and length; without ffmpeg the load says so and goes on."""

import shutil

import pytest

from qualitymonth.demo import training_sections
from qualitymonth.training.models import Course, Lesson, LessonKind, VideoCheck

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="Debian's ffmpeg is not installed here",
)


def test_without_ffmpeg_the_load_prints_a_note_and_the_lesson_is_text(db, monkeypatch, capsys):
    monkeypatch.setattr(training_sections.shutil, "which", lambda name: None)
    monkeypatch.setattr(training_sections, "_told_no_ffmpeg", False)
    row = {
        "key": "no-ffmpeg",
        "strand": "basics",
        "level": "introductory",
        "hours": 1,
        "title": "无视频课程",
        "lessons": [{"kind": "video", "title": "一讲", "transcript": "这一讲的要点。"}],
    }

    training_sections.load_courses([row])

    assert "ffmpeg is not installed" in capsys.readouterr().out
    lesson = Lesson.objects.get(course__key="no-ffmpeg")
    assert (lesson.kind, lesson.body, bool(lesson.video)) == (
        LessonKind.TEXT,
        "这一讲的要点。",
        False,
    )


@needs_ffmpeg
def test_each_demo_course_has_a_generated_video_with_poster_and_length(demo):
    courses = Course.objects.filter(is_demo=True)
    assert courses.count() == 4
    for course in courses:
        lesson = course.lessons.get(kind=LessonKind.VIDEO)
        assert lesson.video.name.endswith(".mp4")
        assert lesson.video_check == VideoCheck.READY
        assert lesson.duration_seconds == training_sections.DEMO_VIDEO_SECONDS
        assert lesson.poster.read()[:2] == b"\xff\xd8"


@needs_ffmpeg
def test_a_demo_lesson_page_shows_its_poster_and_length(demo, client):
    lesson = Lesson.objects.get(title="什么是质量")

    page = client.get(lesson.get_absolute_url()).content.decode()

    assert f'poster="/training/lessons/{lesson.pk}/poster"' in page
    assert "0:06" in page
