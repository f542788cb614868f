"""Simplified → Traditional Chinese (Taiwan standard with phrases), for names left blank."""

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("s2twp")


def to_traditional(text: str) -> str:
    return _converter().convert(text) if text else text
