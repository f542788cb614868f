"""Keep the three catalogues complete.

--update  extracts every string, fills English (msgstr = msgid) and fills Traditional
          Chinese from Simplified Chinese with OpenCC where it is still empty; the
          conversion is a first draft that a reviewer then corrects in zh_Hant.
--check   lists strings that are missing or untranslated in any catalogue (exit 1).
"""

import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from qualitymonth.core.chinese import to_traditional_phrases

LOCALES = ["zh_Hans", "zh_Hant", "en"]
IGNORE = ["node_modules/*", "var/*", "tests/*", "bench/*", "*/tests/*", "static/*", "build/*"]


def catalogue(root: Path, locale: str) -> Path:
    return root / locale / "LC_MESSAGES" / "django.po"


def extract(target: Path) -> None:
    """Run makemessages for every locale, writing the catalogues under `target`."""
    source = Path(settings.LOCALE_PATHS[0])
    if target != source:
        shutil.copytree(source, target, dirs_exist_ok=True)
    previous = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [target]
    try:
        call_command(
            "makemessages",
            locale=LOCALES,
            # makemessages adopts any "locale" folder it walks past as the home of the files
            # beside it, which would write the real catalogues during a check.
            ignore_patterns=[*IGNORE, "locale"],
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
    finally:
        settings.LOCALE_PATHS = previous


def untranslated(po: polib.POFile) -> list[str]:
    return [entry.msgid for entry in po if not entry.obsolete and (not entry.translated())]


def missing_translations(root: Path) -> dict[str, list[str]]:
    """Strings used in the code that a catalogue under `root` lacks or leaves empty."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh_root = Path(tmp) / "locale"
        fresh_root.mkdir()
        extract(fresh_root)
        problems = {}
        for locale in LOCALES:
            fresh = polib.pofile(str(catalogue(fresh_root, locale)))
            stored = polib.pofile(str(catalogue(root, locale)))
            done = {(e.msgctxt, e.msgid) for e in stored if e.translated() and not e.obsolete}
            gaps = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in done]
            if gaps:
                problems[locale] = gaps
        return problems


def fill(root: Path) -> dict[str, int]:
    hans = polib.pofile(str(catalogue(root, "zh_Hans")))
    simplified = {(e.msgctxt, e.msgid): e for e in hans if e.translated()}
    filled = {}
    for locale in ("en", "zh_Hant"):
        po = polib.pofile(str(catalogue(root, locale)))
        count = 0
        for entry in po:
            if entry.translated():
                continue
            if locale == "en":
                entry.msgstr = entry.msgid
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                source = simplified.get((entry.msgctxt, entry.msgid))
                if source is None:
                    continue
                entry.msgstr = to_traditional_phrases(source.msgstr)
                if entry.msgid_plural:
                    entry.msgstr_plural = {
                        k: to_traditional_phrases(v) for k, v in source.msgstr_plural.items()
                    }
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            count += 1
        po.save()
        filled[locale] = count
    return filled


class Command(BaseCommand):
    help = "Extract, fill and check the zh_Hans, zh_Hant and en translation catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, update, check, **options):
        root = Path(settings.LOCALE_PATHS[0])
        if update:
            extract(root)
            for locale, count in fill(root).items():
                self.stdout.write(f"{locale}: filled {count}")
            hans = polib.pofile(str(catalogue(root, "zh_Hans")))
            self.stdout.write(f"zh_Hans: {len(untranslated(hans))} still to translate by hand")
        if check or not update:
            problems = missing_translations(root)
            for locale, gaps in problems.items():
                for msgid in gaps:
                    self.stdout.write(f"{locale}: {msgid!r}")
            if problems:
                raise CommandError("catalogues are incomplete")
            self.stdout.write("all catalogues complete")
