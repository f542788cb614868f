"""Videos: checked by their container's signature, served in byte ranges for phones."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from qualitymonth.training.media import attach_video
from qualitymonth.training.models import Lesson

# An MP4's first box (ftyp, brand isom) followed by recognisable bytes.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 4


@pytest.fixture
def with_video(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lesson = course.lessons.get(position=1)
    lesson.video.save("lesson.mp4", ContentFile(MP4), save=False)
    lesson.video_type = "video/mp4"
    lesson.save()
    return lesson


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_range_request_answers_206_with_those_bytes(with_video, client):
    response = client.get(
        reverse("training:video", args=[with_video.pk]), HTTP_RANGE="bytes=100-199"
    )

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert response["Content-Length"] == "100"
    assert _body(response) == MP4[100:200]


def test_an_open_ended_and_a_suffix_range_give_the_tail(with_video, client):
    url = reverse("training:video", args=[with_video.pk])

    assert _body(client.get(url, HTTP_RANGE="bytes=1000-")) == MP4[1000:]
    assert _body(client.get(url, HTTP_RANGE="bytes=-24")) == MP4[-24:]


def test_without_a_range_the_whole_video_is_sent_and_ranges_offered(with_video, client):
    response = client.get(reverse("training:video", args=[with_video.pk]))

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == MP4


def test_a_range_past_the_end_answers_416(with_video, client):
    response = client.get(
        reverse("training:video", args=[with_video.pk]), HTTP_RANGE=f"bytes={len(MP4)}-"
    )

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(MP4)}"


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_video_is_refused_and_nothing_is_saved(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lesson = course.lessons.get(position=1)
    fake = SimpleUploadedFile("lesson.mp4", b"MZ\x90\x00 this is a program, not a video")

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        attach_video(lesson=lesson, upload=fake)

    assert "lesson.mp4" in refused.value.messages[0]
    assert not Lesson.objects.get(pk=lesson.pk).video
    assert not any(tmp_path.rglob("*.mp4"))


@pytest.mark.django_db(transaction=True)
def test_a_video_is_written_once_the_lesson_is_saved(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lesson = course.lessons.get(position=1)

    attach_video(lesson=lesson, upload=SimpleUploadedFile("clip.mp4", MP4))

    lesson.refresh_from_db()
    assert lesson.video_type == "video/mp4"
    assert lesson.video.read() == MP4
