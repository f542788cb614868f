"""Search text for Chinese names: the names, their pinyin and pinyin initials."""

from qualitymonth.core.chinese import to_simplified

# pypinyin is imported where used: its dictionaries take half a second to load, which every
# server start would pay although only a unit's save or the demo's sorting needs them.


def pinyin_forms(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return full, initials.lower()


def sort_key(name: str) -> str:
    """Pinyin syllables with the characters kept, so homophones still sort apart."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(name, errors="default")).lower()[:400]


def search_text(*names: str) -> str:
    parts = []
    for name in names:
        if not name:
            continue
        parts.append(name.lower())
        full, initials = pinyin_forms(name)
        if full:
            parts.extend([full, initials])
    return " ".join(parts)


def query_terms(query: str) -> list[str]:
    """Words of what a reader typed; each must occur in a unit's search text."""
    # A reader of Traditional Chinese types 黃浦; the stored names are Simplified.
    return [to_simplified(term) for term in query.lower().split() if term][:8]
