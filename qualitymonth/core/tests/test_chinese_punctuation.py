"""Chinese translations use full-width punctuation and no stray spaces around it."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# Placeholders are not text: "%(name)s" must not count as a "(" beside Chinese.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfir]|%[sdf]|\{[\w.]*\}")
RULES = {
    # A "." before a letter or digit is a file extension or a number (报告.xlsx, 1.5).
    "half-width punctuation after Chinese": re.compile(
        CJK + r"[,:;?!)]|" + CJK + r"\.(?![A-Za-z0-9])"
    ),
    "half-width punctuation before Chinese": re.compile(r"[,:;?!(.]" + CJK),
    "a space beside full-width punctuation": re.compile(
        r"\S +[，。：；！？、）」』”]|[，。：；！？、（「『“] +\S"
    ),
}
# Entries whose form is deliberate, with the reason.
ALLOWED = {
    # The address ends before the comma so a terminal makes the whole of it one link.
    "Open http://%(addr)s/ and sign in as:",
    # The argument of Django's yesno filter: its values are split at an ASCII comma.
    "yes,no",
}


def problems_in(locale: str) -> list[str]:
    path = Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"
    found = []
    for entry in polib.pofile(str(path)):
        if entry.msgid in ALLOWED or entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            plain = PLACEHOLDER.sub("\x00", text)
            for rule, pattern in RULES.items():
                match = pattern.search(plain)
                if match:
                    found.append(f"{rule}: {match.group()!r} in {text!r}")
    return found


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_chinese_translations_use_full_width_punctuation_without_stray_spaces(locale):
    assert problems_in(locale) == []
