"""On a 390 px phone, the secretariat uploads a lesson's video from the lesson's page: the
browser's library sends it in several chunks and the lesson holds the very same bytes."""

import shutil

import pytest

from qualitymonth.training.models import Lesson, VideoCheck
from qualitymonth.training.tests.test_video_upload import make_video
from tests.browser import conftest as browsers

_password_alone_signs_in = browsers._password_alone_signs_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed"),
]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}


def test_a_video_goes_up_in_chunks_from_the_lessons_page_on_a_phone(
    live_server, browser, course, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESUMABLE_UPLOAD_DIR = tmp_path / "uploads"
    settings.VIDEO_CHUNK_BYTES = 4096
    video = tmp_path / "第一课.mp4"
    make_video(video)
    lesson = course.lessons.get(position=1)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    chunks = []
    page.on("request", lambda request: chunks.append(1) if request.method == "PATCH" else None)
    edit = f"/training/edit/courses/{course.key}/lessons/{lesson.pk}/"
    page.goto(f"{live_server.url}/accounts/login/?next={edit}")
    page.fill("#id_username", secretariat.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("[data-testid=video-upload]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator("[data-testid=resumable-file]").set_input_files(str(video))
    page.locator("[data-testid=resumable-start]").click()
    page.wait_for_selector("[data-video-upload][data-state=done]", timeout=60_000)

    assert "视频已上传" in page.locator("[data-testid=resumable-status]").inner_text()
    assert len(chunks) >= 3
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.video.read() == video.read_bytes()
    assert lesson.video_check in (VideoCheck.PENDING, VideoCheck.READY)
    context.close()
