"""PDF documents drawn from HTML templates with WeasyPrint, in Chinese."""

import functools
import subprocess

from django.template.loader import render_to_string


class NoChineseFont(Exception):
    """No font on this machine can show Chinese text, so the PDF would show empty boxes."""


@functools.cache
def chinese_font_available() -> bool:
    """Ask fontconfig (which WeasyPrint uses) for a font that covers Chinese."""
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # no fc-list to ask: let WeasyPrint try
    return bool(found.strip())


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    if not chinese_font_available():
        raise NoChineseFont
    return HTML(string=render_to_string(template, context)).write_pdf()
