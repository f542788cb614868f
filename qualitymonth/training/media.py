"""Lesson files: videos checked by their container's signature (never by the name), stored
once the row commits, and served in byte ranges (HTTP 206) so that phones can seek."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from qualitymonth.core.uploads import attachment_content_type, delete_on_commit, store_on_commit
from qualitymonth.training.models import VideoCheck

# The largest video accepted, by the form or in chunks (settings.MAX_VIDEO_BYTES); the
# form's single request also passes the platform's request limit, so a large video goes by
# the resumable upload of the lesson's page.
MAX_VIDEO_BYTES = 4 * 1024 * 1024 * 1024
# Each chunk of a resumable upload is one request of this many bytes at most.
VIDEO_CHUNK_BYTES = 8 * 1024 * 1024
RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def max_video_bytes() -> int:
    return getattr(settings, "MAX_VIDEO_BYTES", MAX_VIDEO_BYTES)


def video_chunk_bytes() -> int:
    # A chunk is one request: it must pass the platform's request limit (and the proxy's).
    limit = getattr(settings, "MAX_REQUEST_BYTES", VIDEO_CHUNK_BYTES)
    return min(getattr(settings, "VIDEO_CHUNK_BYTES", VIDEO_CHUNK_BYTES), limit)


def video_content_type(upload) -> tuple[str, str]:
    """(MIME type, extension) of an MP4/QuickTime, WebM/Matroska or Ogg video, read from the
    first bytes; anything else is refused with the file's name."""
    name = getattr(upload, "name", "")
    limit = max_video_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": f"{limit / 1024 / 1024:.0f}"},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if head[4:8] == b"ftyp":
        if head[8:12] == b"qt  ":
            return "video/quicktime", ".mov"
        return "video/mp4", ".mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        if b"webm" in head:
            return "video/webm", ".webm"
        return "video/x-matroska", ".mkv"
    if head.startswith(b"OggS"):
        return "video/ogg", ".ogv"
    raise ValidationError(
        _("%(name)s is not a video (MP4, WebM or Ogg).") % {"name": name}, code="not_video"
    )


@transaction.atomic
def attach_video(*, lesson, upload) -> None:
    """The file is written after the commit; the worker then reads its length and makes a
    poster image (when ffmpeg is installed)."""
    content_type, extension = video_content_type(upload)
    store_on_commit(lesson, "video", upload, extension)
    lesson.video_type = content_type
    lesson.duration_seconds = None
    # The old video's poster would show a frame of another film.
    lesson.poster = ""
    lesson.video_check = VideoCheck.PENDING
    lesson.save(update_fields=["video", "video_type", "duration_seconds", "poster", "video_check"])
    from qualitymonth.training.tasks import probe_video

    lesson_id = lesson.pk
    transaction.on_commit(lambda: probe_video.enqueue(lesson_id))


def replace_video(*, actor, lesson, upload) -> None:
    """A video that arrived by the resumable upload: checked by content like the form's, the
    lesson made a video lesson with it, and the change recorded; or a ValidationError and the
    lesson unchanged."""
    from qualitymonth.core.services import log_action
    from qualitymonth.training.models import Lesson, LessonKind

    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        old = lesson.video
        attach_video(lesson=lesson, upload=upload)
        if lesson.kind != LessonKind.VIDEO:
            lesson.kind = LessonKind.VIDEO
            lesson.save(update_fields=["kind"])
        log_action(actor=actor, action="training.lesson.video", obj=lesson)
        if old and old.name != lesson.video.name:
            delete_on_commit(old)


@transaction.atomic
def attach_document(*, lesson, upload) -> None:
    content_type = attachment_content_type(upload)
    store_on_commit(lesson, "document", upload, getattr(upload, "name", ".pdf"))
    lesson.document_type = content_type
    lesson.save(update_fields=["document", "document_type"])


def _range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a single range; None without a usable header; False when it
    cannot be satisfied."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        return False
    return start, min(end, size - 1)


class _Slice:
    """`length` bytes of an open file from `start`: read by Django's own servers, and sent by
    gunicorn's sendfile from the file's descriptor (it starts where the file is positioned
    and sends Content-Length bytes), so a range costs the worker no copying in Python. No
    tell()/seek(): FileResponse would then count the whole rest of the file."""

    def __init__(self, handle, start: int, length: int):
        handle.seek(start)
        self._handle = handle
        self._remaining = length

    def read(self, size: int = -1) -> bytes:
        if self._remaining <= 0:
            return b""
        size = self._remaining if size is None or size < 0 else min(size, self._remaining)
        data = self._handle.read(size)
        self._remaining -= len(data)
        return data

    def fileno(self) -> int:
        return self._handle.fileno()

    def close(self) -> None:
        self._handle.close()


def ranged_response(request, field_file, content_type: str):
    """The whole file (200) or the one byte range asked for (206 Partial Content); a range
    past the end answers 416. Several ranges in one request are answered with the whole
    file, which the standard allows."""
    size = field_file.size
    wanted = _range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = field_file.open("rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = wanted
        response = FileResponse(
            _Slice(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=3600"
    return response
