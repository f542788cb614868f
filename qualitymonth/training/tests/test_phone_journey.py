"""On a 390 px phone: a trainee enrols, reads the lessons, takes the quiz, gets the
certificate; a stranger opens the address its QR code carries and finds it valid. No page
scrolls sideways."""

import pytest

from conftest import make_person
from qualitymonth.training.models import Attempt, Question
from tests.browser import conftest as browsers

# Signing in with a password alone, as the browser tests do (Chromium is the root conftest's).
_password_alone_signs_in = browsers._password_alone_signs_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}


def fits(page, where):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def _answer(page, attempt):
    for pk in attempt.question_ids:
        question = Question.objects.get(pk=pk)
        name = f"q{pk}"
        if question.kind in ("single", "multiple"):
            for index in question.answer:
                page.locator(f"input[name={name}][value='{index}']").check()
        elif question.kind == "true_false":
            value = "true" if question.answer[0] else "false"
            page.locator(f"input[name={name}][value={value}]").check()
        else:
            page.fill(f"input[name={name}]", question.answer[0])


def test_a_trainee_completes_a_course_and_a_stranger_verifies_the_certificate(
    live_server,
    browser,
    course,
):
    course.lessons.filter(position=1).update(kind="text", body="质量是一组固有特性满足要求的程度。")
    make_person("learner")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/training/courses/basics/")
    page.fill("#id_username", "learner")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/training/courses/basics/")
    fits(page, "course")
    with page.expect_navigation():
        page.locator("[data-testid=enrol]").click()
    for title in ("视频课", "文字课"):
        with page.expect_navigation():
            page.get_by_role("link", name=title).first.click()
        # Measured once the lesson's page is there, not while the click still navigates.
        page.wait_for_selector(f"h1:has-text('{title}')")
        fits(page, title)
        page.locator("[data-testid=mark-read]").click()
        page.wait_for_selector("text=本课时已完成。")
    page.goto(f"{live_server.url}/training/courses/basics/")
    with page.expect_navigation():
        page.locator("[data-testid=quiz-link]").click()
    with page.expect_navigation():
        page.locator("[data-testid=start-exam]").click()
    page.wait_for_selector("[data-testid=question]")
    fits(page, "quiz")
    _answer(page, Attempt.objects.get(user__username="learner"))
    page.locator("[data-testid=submit-exam]").click()
    page.wait_for_selector("text=通过。")
    page.goto(f"{live_server.url}/training/courses/basics/")
    with page.expect_navigation():
        page.locator("[data-testid=certificate-link]").click()
    fits(page, "certificate")
    assert page.locator("[data-testid=certificate-qr] svg").count() == 1
    address = page.locator("[data-testid=verify-url]").get_attribute("href")
    context.close()

    stranger = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = stranger.new_page()
    page.goto(address)
    fits(page, "verification")
    assert page.locator("[data-testid=verdict]").inner_text().strip() == "有效证书"
    assert "质量基础" in page.locator("[data-testid=certificate-facts]").inner_text()
    stranger.close()
