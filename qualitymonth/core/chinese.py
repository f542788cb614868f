"""Simplified → Traditional Chinese with OpenCC.

Names are converted character by character (s2t): a proper noun keeps its words.
Interface text uses Taiwan phrasing (s2twp: 登入, 資料庫), as readers of Traditional
Chinese expect; the catalogue is reviewed by hand after conversion.
"""

from functools import cache

# s2twp reads some everyday words as software terms; in this platform they are not.
PHRASE_FIXES = {
    "釋出": "發布",  # 发布: publishing a notice or results, not a software release
    "物件": "對象",  # 对象: whom an evaluation or objection concerns
    "型別": "類型",  # 类型: a kind of material or file
    "程式碼": "代碼",  # 代码: division and unit codes
}


@cache
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if text else text


def to_traditional_phrases(text: str) -> str:
    if not text:
        return text
    converted = _converter("s2twp").convert(text)
    for software_word, word in PHRASE_FIXES.items():
        converted = converted.replace(software_word, word)
    return converted


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if text else text
