from pathlib import Path

import polib
from django.conf import settings

from qualitymonth.core.management.commands.translations import (
    LOCALES,
    catalogue,
    missing_translations,
)


def test_every_string_in_the_code_is_translated_in_all_three_catalogues():
    root = Path(settings.LOCALE_PATHS[0])
    before = {locale: catalogue(root, locale).read_bytes() for locale in LOCALES}
    problems = missing_translations(root)
    assert problems == {}
    # The check reads: it once rewrote the real catalogues (makemessages adopted the
    # project's locale folder for the files beside it), dropping entries mid-edit.
    assert {locale: catalogue(root, locale).read_bytes() for locale in LOCALES} == before


def test_no_catalogue_entry_is_left_fuzzy():
    root = Path(settings.LOCALE_PATHS[0])
    fuzzy = {
        locale: [e.msgid for e in polib.pofile(str(catalogue(root, locale))) if e.fuzzy]
        for locale in LOCALES
    }
    assert fuzzy == {locale: [] for locale in LOCALES}


def test_translations_keep_their_placeholders():
    root = Path(settings.LOCALE_PATHS[0])
    broken = []
    for locale in LOCALES:
        for entry in polib.pofile(str(catalogue(root, locale))):
            for placeholder in ("%(", "%s", "%d"):
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                if entry.msgid.count(placeholder) and any(
                    t.count(placeholder) != entry.msgid.count(placeholder) for t in texts if t
                ):
                    broken.append((locale, entry.msgid))
    assert broken == []
