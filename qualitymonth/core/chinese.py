"""Simplified → Traditional Chinese with OpenCC.

Names are converted character by character (s2t): a proper noun keeps its words.
Interface text uses Taiwan phrasing (s2twp: 登入, 資料庫), as readers of Traditional
Chinese expect; the catalogue is reviewed by hand after conversion.
"""

from functools import cache


@cache
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if text else text


def to_traditional_phrases(text: str) -> str:
    return _converter("s2twp").convert(text) if text else text


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if text else text
