"""On a 390 px phone: a citizen comments on a clause of a draft in public comment and, once
the working group has answered every comment, reads how the comment was handled. No page
scrolls sideways."""

import pytest

from qualitymonth.standards import selectors, services
from qualitymonth.standards.models import Comment
from qualitymonth.standards.tests.conftest import close_comments, in_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}


def fits(page, where):
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def test_a_citizen_comments_on_a_clause_on_a_phone_and_later_reads_the_answer(
    live_server, browser, secretariat, enterprise, enterprise_admin, citizen, settings
):
    settings.OTP_REQUIRED = False
    standard = in_comment(secretariat, enterprise)
    clause = selectors.current_version(standard).clauses.get(number="3.1")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    url = f"{live_server.url}/standards/{standard.pk}/"
    page.goto(f"{live_server.url}/accounts/login/?next=/standards/{standard.pk}/")
    page.fill("#id_username", "citizen")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(url)
    fits(page, "the draft")
    section = page.locator("#clause-3\\.1")
    section.locator("summary").click()
    section.locator("select[name=kind]").select_option("te")
    section.locator("textarea[name=comment]").fill("定义未包括洁净区。")
    section.locator("textarea[name=proposed_change]").fill("增加“含洁净区”。")
    fits(page, "the comment form")
    section.locator("button[type=submit]").click()
    page.wait_for_url(url)
    fits(page, "after commenting")
    assert "3.1" in page.locator(".message-success").inner_text()
    comment = Comment.objects.get()
    assert (comment.clause, comment.author, comment.kind) == (clause, citizen, "te")

    # The period closes; the working group answers every comment and makes the table final.
    close_comments(standard)
    services.answer_comment(
        actor=enterprise_admin, comment=comment, decision="partly", reason="洁净区在第5章规定。"
    )
    services.finalise_handling(actor=enterprise_admin, standard=standard)

    page.goto(url)
    fits(page, "the standard under review")
    page.locator(f"a[href='/standards/{standard.pk}/handling/']").click()
    page.wait_for_url(f"**/standards/{standard.pk}/handling/")
    fits(page, "the handling table")
    row = page.locator("[data-testid=handling-row]", has_text="定义未包括洁净区。")
    assert "洁净区在第5章规定。" in row.inner_text()
    assert "3.1" in row.inner_text()
    context.close()
