"""Chinese sort orders for public lists: pinyin, or stroke count as official name lists use."""

import functools

import icu

PINYIN = "pinyin"
STROKES = "strokes"


@functools.cache
def _collator(order: str):
    # ICU's CLDR data carries both orders for Chinese; its const methods are thread-safe.
    return icu.Collator.createInstance(
        icu.Locale(f"zh@collation={'stroke' if order == STROKES else 'pinyin'}")
    )


def sort_key(text: str, order: str = PINYIN) -> bytes:
    return _collator(order).getSortKey(text or "")
