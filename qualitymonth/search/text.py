"""The words of the index and of a query: Chinese segmented with jieba, Traditional folded to
Simplified, Chinese also as pinyin (full and initials), English lower-cased.

The index text is a space-separated list of tokens, which both SQLite FTS5 (unicode61) and
PostgreSQL's 'simple' configuration take as they are. A query matches when every word the
reader typed matches some token:

- a Chinese word of two characters is a token (jieba's words and every pair of characters
  next to each other), so a word inside a longer phrase is found even where jieba cut the
  phrase otherwise; longer words match as themselves or as all their pairs;
- Latin letters and digits match the start of a token: English words, full pinyin and pinyin
  initials, each also indexed from every word of the title onwards (质量信得过班组 is found by
  "zlxdgbz" and by "bz", and by "zhiliang");
- a single Chinese character matches the start of a token.
"""

import re
from functools import cache, lru_cache

from qualitymonth.core.chinese import to_simplified

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
BODY_CHARS = 4000  # of a long body, the start is indexed: enough to find it by its subject
SUFFIX_CHARS = 24  # longest pinyin run indexed from a word onwards
QUERY_WORDS = 8


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # its "building prefix dict" lines are not the platform's to show
    jieba.initialize()
    return jieba


def _words(text: str) -> list[str]:
    return WORD.findall(to_simplified(text or "").lower())


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=20_000)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba().cut(run) if w.strip())


@lru_cache(maxsize=20_000)
def _chinese_tokens(run: str) -> tuple[str, ...]:
    words = [w for w in _jieba().cut_for_search(run) if w.strip()]
    return (*words, *_pairs(run)) if len(run) > 1 else (run,)


@lru_cache(maxsize=50_000)
def _word_pinyin(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of one word; words recur, so each is converted once."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(word, errors="ignore")).lower()
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")).lower()
    return full, initials


def _pinyin(words: list[str]) -> list[str]:
    """Full pinyin and initials of each word, and of the run from each word onwards."""
    full, initials = zip(*(_word_pinyin(w) for w in words), strict=True) if words else ((), ())
    tokens = []
    for i in range(len(words)):
        tokens.append("".join(full[i:])[:SUFFIX_CHARS])
        tokens.append("".join(initials[i:])[:SUFFIX_CHARS])
    return [t for t in tokens if t]


def index_text(*, titles: list[str], body: str = "") -> str:
    """The tokens of an entry: every title in full (words, pairs, pinyin), the body's words."""
    tokens: list[str] = []
    for title in titles:
        title_words = []
        for word in _words(title):
            if CJK.fullmatch(word):
                tokens.extend(_chinese_tokens(word))
                title_words.extend(_cut(word))
            else:
                tokens.append(word)
        tokens.extend(_pinyin(title_words))
    for word in _words(body[:BODY_CHARS]):
        tokens.extend(_chinese_tokens(word) if CJK.fullmatch(word) else [word])
    return " ".join(dict.fromkeys(tokens))  # once each, in order


# --- queries ---------------------------------------------------------------------------------


Term = tuple[str, bool]  # (token, matches the start of tokens)
QUERY_CHARS = 100


def normal_query(query: str) -> str:
    """What of a query the search reads: its first QUERY_WORDS words, Simplified and lower-case,
    one space apart, read from the first QUERY_CHARS characters (so at most QUERY_CHARS +
    QUERY_WORDS long). Two queries with the same normal form find the same entries
    ("質量 Month" and "质量  month" alike)."""
    return " ".join(_words((query or "")[:QUERY_CHARS])[:QUERY_WORDS])


def query_groups(query: str) -> list[list[list[Term]]]:
    """What the reader typed, as groups that must all match. A group is a list of
    alternatives, any of which may match; an alternative is a list of terms that must all
    match. Nothing when nothing searchable was typed."""
    groups: list[list[list[Term]]] = []
    for word in _words(query)[:QUERY_WORDS]:
        if not CJK.fullmatch(word):
            groups.append([[(word, True)]])
            continue
        for piece in _cut(word):
            if len(piece) == 1:
                groups.append([[(piece, True)]])
            elif len(piece) == 2:
                groups.append([[(piece, False)]])
            else:
                # The word itself, or all of its pairs of characters.
                groups.append([[(piece, False)], [(pair, False) for pair in _pairs(piece)]])
    return groups
