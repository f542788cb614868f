"""The worker reads an uploaded video with Debian's ffmpeg: its length and a poster frame
appear on the lesson; a file ffprobe cannot read is shown to the editor, never a crash."""

import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from qualitymonth.training.media import attach_video
from qualitymonth.training.models import Lesson, VideoCheck
from qualitymonth.training.tests.test_video import MP4

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="Debian's ffmpeg is not installed here",
)


def _three_seconds_of_video(folder) -> bytes:
    target = folder / "out.mp4"
    source = ["-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10"]
    subprocess.run(
        ["ffmpeg", "-v", "error", *source, "-pix_fmt", "yuv420p", "-y", str(target)],
        check=True,
        timeout=60,
    )
    return target.read_bytes()


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture
def video_lesson(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return course.lessons.get(position=1)


@needs_ffmpeg
@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_length_and_makes_a_jpeg_poster(video_lesson, tmp_path):
    attach_video(
        lesson=video_lesson,
        upload=SimpleUploadedFile("lesson.mp4", _three_seconds_of_video(tmp_path)),
    )
    _run_worker()

    lesson = Lesson.objects.get(pk=video_lesson.pk)
    assert lesson.duration_seconds == 3
    assert lesson.video_check == VideoCheck.READY
    assert lesson.poster.read()[:3] == b"\xff\xd8\xff"  # a JPEG


@needs_ffmpeg
@pytest.mark.django_db(transaction=True)
def test_the_lesson_page_shows_the_poster_and_the_length(video_lesson, tmp_path, client):
    attach_video(
        lesson=video_lesson,
        upload=SimpleUploadedFile("lesson.mp4", _three_seconds_of_video(tmp_path)),
    )
    _run_worker()

    page = client.get(video_lesson.get_absolute_url()).content.decode()
    poster_url = reverse("training:poster", args=[video_lesson.pk])
    assert f'poster="{poster_url}"' in page
    assert "0:03" in page
    poster = client.get(poster_url)
    assert poster["Content-Type"] == "image/jpeg"
    assert b"".join(poster.streaming_content)[:2] == b"\xff\xd8"


@needs_ffmpeg
@pytest.mark.django_db(transaction=True)
def test_a_file_ffprobe_cannot_read_is_shown_to_the_editor(video_lesson, client, secretariat):
    # It starts like an MP4, so the upload is accepted; ffprobe finds no video in it.
    attach_video(lesson=video_lesson, upload=SimpleUploadedFile("broken.mp4", MP4))
    _run_worker()

    lesson = Lesson.objects.get(pk=video_lesson.pk)
    assert (lesson.video_check, lesson.duration_seconds, bool(lesson.poster)) == (
        VideoCheck.UNREADABLE,
        None,
        False,
    )
    client.force_login(secretariat)
    course = lesson.course
    editing = client.get(reverse("training:edit_lesson", args=[course.key, lesson.pk]))
    assert "无法作为视频读取" in editing.content.decode()
    listing = client.get(reverse("training:edit_course", args=[course.key]))
    assert 'data-testid="video-unreadable"' in listing.content.decode()
    # The trainee's page still opens, without a poster or a length.
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "poster=" not in page
    assert 'data-testid="lesson-duration"' not in page


@needs_ffmpeg
@pytest.mark.django_db(transaction=True)
def test_a_replaced_video_drops_the_old_poster_until_it_is_checked(
    video_lesson, tmp_path, client, secretariat
):
    attach_video(
        lesson=video_lesson,
        upload=SimpleUploadedFile("lesson.mp4", _three_seconds_of_video(tmp_path)),
    )
    _run_worker()

    attach_video(lesson=video_lesson, upload=SimpleUploadedFile("second.mp4", MP4))

    lesson = Lesson.objects.get(pk=video_lesson.pk)
    assert (lesson.video_check, bool(lesson.poster)) == (VideoCheck.PENDING, False)
    client.force_login(secretariat)
    editing = client.get(reverse("training:edit_lesson", args=[lesson.course.key, lesson.pk]))
    assert "正在检查" in editing.content.decode()


def test_without_ffprobe_the_lesson_is_left_as_it_is(video_lesson, monkeypatch):
    from qualitymonth.training import tasks

    video_lesson.video.save("lesson.mp4", ContentFile(MP4))
    monkeypatch.setattr(tasks.shutil, "which", lambda name: None)

    assert tasks.probe_lesson(video_lesson) is False

    lesson = Lesson.objects.get(pk=video_lesson.pk)
    assert (lesson.video_check, lesson.duration_seconds) == ("", 100)


def test_the_course_page_lists_each_video_with_its_length(course, client):
    Lesson.objects.filter(course=course, position=1).update(duration_seconds=3725)

    page = client.get(course.get_absolute_url()).content.decode()

    assert "1:02:05" in page


def test_the_admin_shows_what_the_check_found(video_lesson, admin_client):
    Lesson.objects.filter(pk=video_lesson.pk).update(video_check=VideoCheck.UNREADABLE)

    page = admin_client.get(reverse("admin:training_lesson_change", args=[video_lesson.pk]))

    assert "无法作为视频读取" in page.content.decode()


@needs_ffmpeg
def test_a_video_missing_from_the_disk_is_marked_unreadable(video_lesson):
    from qualitymonth.training.tasks import probe_lesson

    video_lesson.video.save("lesson.mp4", ContentFile(MP4))
    video_lesson.video.storage.delete(video_lesson.video.name)

    assert probe_lesson(video_lesson) is False

    assert Lesson.objects.get(pk=video_lesson.pk).video_check == VideoCheck.UNREADABLE
