"""The unified social credit code (统一社会信用代码) of GB 32100-2015.

18 characters from a 31-character alphabet (digits and upper-case letters
without I, O, Z, S, V). The last one is a check character: with weights
3^i mod 31 for positions 1..17, check = 31 - (Σ value·weight mod 31), and 31 maps to 0.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
LENGTH = 18


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def problem(code: str) -> str | None:
    """Why `code` is not a valid credit code (a key of MESSAGES), or None when it is."""
    if len(code) != LENGTH:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "characters"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None
