"""Bodies as readers get them: whatever an author pastes, no script runs on the page."""

from qualitymonth.publishing.bodies import has_unsafe_markup, render
from qualitymonth.publishing.models import BodyFormat

PASTED = (
    '<p onclick="steal()">各会员单位：<script>alert(1)</script>'
    '<a href="javascript:alert(2)">报名</a><img src="/media/x.png" onerror="steal()">'
    '<img src="https://tracker.example/p.gif"></p>'
)


def test_sanitising_removes_scripts_event_handlers_and_outside_pictures():
    html = render(PASTED, BodyFormat.HTML)
    assert "各会员单位" in html and "报名" in html
    for gone in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "tracker.example"):
        assert gone not in html
    assert '<img src="/media/x.png">' in html


def test_markdown_shows_raw_html_as_text_not_as_markup():
    html = render("**通知**\n\n<script>alert(1)</script>", BodyFormat.MARKDOWN)
    assert "<strong>通知</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_scripts_and_handlers_are_recognised_before_saving():
    assert has_unsafe_markup(PASTED)
    assert has_unsafe_markup("<p ONMOUSEOVER = 'x()'>a</p>")
    assert not has_unsafe_markup("<p>online 报名 only</p>")
