"""A post's body as readers get it: Markdown rendered, then any HTML sanitised.

Sanitising (nh3, an allow-list) drops scripts, styles, frames, event handlers (onclick=…)
and javascript: addresses, whatever the author pasted. Pictures must be served by the
platform itself (an address starting with "/"): the site's content policy would block any
other source, and an outside picture would tell a third party who reads the notice.
"""

import re

import nh3
from markdown_it import MarkdownIt

from qualitymonth.publishing.models import BodyFormat

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
SCHEMES = {"http", "https", "mailto"}

# "html": False — raw HTML inside Markdown is shown as text; HTML bodies use the HTML format.
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\son[a-z]+\s*=|javascript\s*:", re.I
)
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _own_pictures_only(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        attribute_filter=_own_pictures_only,
        link_rel="noopener noreferrer",
    )


def render(text: str, body_format: str) -> str:
    """The sanitised HTML of `text` written in `body_format` (Markdown or HTML)."""
    if not text.strip():
        return ""
    html = _markdown.render(text) if body_format == BodyFormat.MARKDOWN else text
    return sanitise(html)


def has_unsafe_markup(text: str) -> bool:
    """True when the text holds a script, a frame, an event handler (onclick=…) or a
    javascript: address: the editor is told and nothing is saved, rather than left to find
    the body silently changed."""
    return bool(_UNSAFE.search(text))
