"""The resumable (tus) upload of a lesson's video: chunks survive a dropped connection, the
assembled file is the one sent, checked by content before the lesson changes, and an upload
is its starter's alone."""

import base64
import os
import shutil
import socket
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import Client, make_person
from qualitymonth.core import uploads_resumable
from qualitymonth.core.models import AuditEntry
from qualitymonth.organizations.models import Role
from qualitymonth.training.models import Lesson, LessonKind, VideoCheck

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
FFMPEG = ["ffmpeg", "-v", "error", "-f", "lavfi"]  # the pattern below, made locally
needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def make_video(path) -> bytes:
    """A real three-second MP4 made by ffmpeg (nothing is downloaded)."""
    subprocess.run(
        [*FFMPEG, "-i", "testsrc=size=160x120:rate=10", "-t", "3", "-y", str(path)],
        check=True,
        timeout=60,
    )
    return path.read_bytes()


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESUMABLE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


@pytest.fixture
def lesson(course, folders):
    return course.lessons.get(position=1)


@pytest.fixture
def editor(client, secretariat):
    client.force_login(secretariat)
    return client


def start(client, lesson, length: int, filename: str = "第一课.mp4") -> str:
    name = base64.b64encode(filename.encode()).decode()
    response = client.post(
        reverse("training:video_uploads", args=[lesson.course.key, lesson.pk]),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=f"filename {name},filetype dmlkZW8vbXA0",
        **TUS,
    )
    assert response.status_code == 201, response.content
    return urlsplit(response["Location"]).path


def send(client, url: str, offset: int, data: bytes):
    return client.generic(
        "PATCH",
        url,
        data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
    )


def offset_of(client, url: str) -> int:
    response = client.head(url, **TUS)
    assert response.status_code == 200
    return int(response["Upload-Offset"])


@needs_ffmpeg
def test_a_video_sent_in_chunks_after_a_drop_is_saved_byte_for_byte(
    editor, lesson, folders, django_capture_on_commit_callbacks
):
    video = make_video(folders / "made.mp4")
    url = start(editor, lesson, len(video))
    chunk = len(video) // 3

    assert send(editor, url, 0, video[:chunk]).status_code == 204
    # The connection drops: the client asks how much arrived, then sends the rest from there.
    offset = offset_of(editor, url)
    assert offset == chunk
    assert send(editor, url, offset, video[offset : 2 * chunk]).status_code == 204
    with django_capture_on_commit_callbacks(execute=True):
        done = send(editor, url, 2 * chunk, video[2 * chunk :])

    assert done.status_code == 204
    lesson.refresh_from_db()
    assert lesson.video.read() == video
    assert lesson.video.name.endswith(".mp4")
    assert lesson.video_type == "video/mp4"
    assert lesson.video_check == VideoCheck.PENDING  # the worker reads length and poster
    assert AuditEntry.objects.filter(action="training.lesson.video").count() == 1
    # The temporary files are gone; the upload is no longer there to resume.
    assert list((folders / "uploads").iterdir()) == []
    assert editor.head(url, **TUS).status_code == 404


def test_the_offset_survives_a_restart_of_the_server(editor, lesson, secretariat):
    url = start(editor, lesson, 1000)
    send(editor, url, 0, b"\x00" * 300)

    # Nothing of the upload is kept in the process's memory: it is read again from the disk.
    found = uploads_resumable.find(
        url.rsplit("/", 1)[1],
        owner=secretariat.pk,
        purpose="training.lesson_video",
        target={"lesson": lesson.pk},
    )
    assert (found.offset, found.length, found.filename) == (300, 1000, "第一课.mp4")


def test_a_chunk_at_the_wrong_offset_is_refused_and_nothing_written(editor, lesson):
    url = start(editor, lesson, 1000)
    send(editor, url, 0, b"a" * 100)

    response = send(editor, url, 50, b"b" * 100)

    assert response.status_code == 409
    assert "100" in response.json()["error"]
    assert offset_of(editor, url) == 100


def test_a_chunk_past_the_announced_length_is_refused(editor, lesson):
    url = start(editor, lesson, 100)

    response = send(editor, url, 0, b"a" * 101)

    assert response.status_code == 400
    assert offset_of(editor, url) == 0


def test_a_file_larger_than_the_limit_is_refused_before_any_byte(editor, lesson, settings):
    settings.MAX_VIDEO_BYTES = 10 * 1024 * 1024
    response = editor.post(
        reverse("training:video_uploads", args=[lesson.course.key, lesson.pk]),
        HTTP_UPLOAD_LENGTH=str(11 * 1024 * 1024),
        **TUS,
    )

    assert response.status_code == 413
    assert "10 MB" in response.json()["error"]


def test_an_assembled_file_that_is_not_a_video_is_refused_and_the_lesson_unchanged(
    editor, lesson, folders
):
    before = Lesson.objects.get(pk=lesson.pk)
    text = "这不是视频。".encode() * 200
    url = start(editor, lesson, len(text), filename="notes.mp4")
    send(editor, url, 0, text[:1000])

    response = send(editor, url, 1000, text[1000:])

    assert response.status_code == 422
    assert "notes.mp4" in response.json()["error"]
    assert "不是视频" in response.json()["error"]
    after = Lesson.objects.get(pk=lesson.pk)
    assert (after.video.name, after.video_check, after.kind) == (
        before.video.name,
        before.video_check,
        before.kind,
    )
    assert not AuditEntry.objects.filter(action="training.lesson.video").exists()
    assert list((folders / "uploads").iterdir()) == []
    assert not [p for p in (folders / "media").rglob("*") if p.is_file()]


def test_another_persons_upload_answers_404(editor, lesson, client, enterprise_admin, association):
    url = start(editor, lesson, 1000)
    send(editor, url, 0, b"a" * 10)

    other_unit = Client()
    other_unit.force_login(enterprise_admin)
    colleague = Client()
    colleague.force_login(make_person("secretariat2", unit=association, role=Role.SECRETARIAT))

    for stranger in (other_unit, colleague):
        assert stranger.head(url, **TUS).status_code == 404
        assert send(stranger, url, 10, b"b" * 10).status_code == 404
    assert offset_of(editor, url) == 10


def test_only_those_who_edit_courses_may_start_an_upload(client, lesson, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("training:video_uploads", args=[lesson.course.key, lesson.pk]),
        HTTP_UPLOAD_LENGTH="1000",
        **TUS,
    )

    assert response.status_code == 403
    assert not uploads_resumable.folder().exists()


def test_a_text_lesson_becomes_a_video_lesson_with_its_upload(
    editor, course, folders, django_capture_on_commit_callbacks
):
    lesson = course.lessons.get(kind=LessonKind.TEXT)
    video = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(500)
    url = start(editor, lesson, len(video))
    with django_capture_on_commit_callbacks(execute=True):
        send(editor, url, 0, video)

    lesson.refresh_from_db()
    assert lesson.kind == LessonKind.VIDEO
    assert lesson.video.read() == video


def test_clean_uploads_removes_abandoned_uploads_only(editor, lesson, folders):
    old = start(editor, lesson, 1000)
    send(editor, old, 0, b"a" * 10)
    fresh = start(editor, lesson, 1000)
    two_days_ago = time.time() - 48 * 3600
    for path in (folders / "uploads").glob(old.rsplit("/", 1)[1] + ".*"):
        os.utime(path, (two_days_ago, two_days_ago))

    call_command("clean_uploads", "--hours", "24")

    assert editor.head(old, **TUS).status_code == 404
    assert offset_of(editor, fresh) == 0


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_mid_chunk_keeps_what_arrived(
    live_server, secretariat, course, folders
):
    lesson = course.lessons.get(position=1)

    editor = Client()
    editor.force_login(secretariat)
    url = start(editor, lesson, 100_000)
    # The page gives the CSRF token the browser's library sends with each chunk.
    editor.get(reverse("training:edit_lesson", args=[course.key, lesson.pk]))
    token = editor.cookies["csrftoken"].value
    cookie = f"sessionid={editor.cookies['sessionid'].value}; csrftoken={token}"
    host, port = urlsplit(live_server.url).hostname, urlsplit(live_server.url).port
    # A PATCH that announces 60,000 bytes and sends 20,000 before the line goes dead.
    head = (
        f"PATCH {url} HTTP/1.1\r\nHost: {host}:{port}\r\nTus-Resumable: 1.0.0\r\n"
        f"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: 60000\r\nCookie: {cookie}\r\nX-CSRFToken: {token}\r\n\r\n"
    )
    with socket.create_connection((host, port)) as line:
        line.sendall(head.encode() + b"z" * 20_000)
        line.shutdown(socket.SHUT_WR)
        line.recv(1024)
    deadline = time.monotonic() + 10
    while offset_of(editor, url) != 20_000 and time.monotonic() < deadline:
        time.sleep(0.1)

    assert offset_of(editor, url) == 20_000
    assert send(editor, url, 20_000, b"y" * 1000).status_code == 204
    assert offset_of(editor, url) == 21_000
