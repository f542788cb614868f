"""Background work of training: reading a video's length (ffprobe) and making its poster
image (ffmpeg) with Debian's ffmpeg, when it is installed (the lesson plays without them)."""

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile
from django_tasks import task

TIMEOUT = 120
# The poster is a frame a little into the video: the first one is often black.
POSTER_AT = 0.10


def _run(command: list[str], **options) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, **options)
    except (OSError, subprocess.TimeoutExpired):
        return None


def read_duration(path: str) -> float | None:
    """Seconds, or None when ffprobe cannot read the file as a video."""
    probe = shutil.which("ffprobe")
    if probe is None:
        return None
    result = _run(
        [
            probe,
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_type:format=duration",
            "-of",
            "default=noprint_wrappers=1",
            path,
        ],
        text=True,
    )
    if result is None or result.returncode != 0 or "codec_type=video" not in result.stdout:
        return None
    for line in result.stdout.splitlines():
        if line.startswith("duration="):
            try:
                seconds = float(line.removeprefix("duration="))
            except ValueError:
                return None
            return seconds if seconds > 0 else None
    return None


def grab_poster(path: str, at: float) -> bytes | None:
    """One JPEG frame at `at` seconds."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "poster.jpg"
        seek = ["-ss", f"{at:.2f}"]
        _run([ffmpeg, "-v", "error", *seek, "-i", path, "-frames:v", "1", "-y", str(target)])
        data = target.read_bytes() if target.exists() else b""
        return data if data.startswith(b"\xff\xd8") else None


@contextmanager
def _local_file(field_file):
    """A path ffmpeg can read: the stored file itself on the local disk (a 1 GB video is
    not copied), else a temporary copy; None when the file cannot be read."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path is not None:
        yield path if Path(path).is_file() else None
        return
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as copy:
        try:
            with field_file.open("rb") as source:
                shutil.copyfileobj(source, copy)
        except OSError:
            yield None
            return
        copy.flush()
        yield copy.name


def probe_lesson(lesson) -> bool:
    """Reads the lesson's video and stores its length and poster, or marks it unreadable
    so that the editor is told. Returns whether the video was readable."""
    from qualitymonth.training.models import VideoCheck

    if shutil.which("ffprobe") is None:
        return False  # nothing can be said about the file; it still plays
    with _local_file(lesson.video) as path:
        duration = read_duration(path) if path else None
        poster = grab_poster(path, duration * POSTER_AT) if duration else None
    if duration is None:
        lesson.video_check = VideoCheck.UNREADABLE
        lesson.duration_seconds = None
        lesson.save(update_fields=["video_check", "duration_seconds"])
        return False
    lesson.video_check = VideoCheck.READY
    lesson.duration_seconds = max(round(duration), 1)
    fields = ["video_check", "duration_seconds"]
    if poster:
        lesson.poster.save(f"poster-{lesson.pk}.jpg", ContentFile(poster), save=False)
        fields.append("poster")
    lesson.save(update_fields=fields)
    return True


@task()
def probe_video(lesson_id: int) -> bool:
    """Safe to run twice: it reads the file again and writes the same values. Without
    ffprobe installed the lesson stays as it is (it plays; its length comes from the
    player)."""
    from qualitymonth.training.models import Lesson

    lesson = Lesson.objects.filter(pk=lesson_id).first()
    if lesson is None or not lesson.video:
        return False
    return probe_lesson(lesson)
