"""XLSForm expressions (relevant, constraint, calculation, choice_filter) evaluated.

ODK expressions are XPath 1.0 with `${name}` for other answers and `.` for this one. They are
evaluated with elementpath (XPath 2), answers given as untyped atomic values so that they
compare as numbers or strings the way XPath 1.0 does, plus ODK's own functions (`selected()`,
`count-selected()`, `regex()`, `if()`, `coalesce()`…). Relative paths such as `../x`, which
pyxform writes for "specify other" questions, name the answer `x` like `${x}`: the web form
has no repeats, so every name is one answer. An expression that cannot be evaluated (an empty
answer compared with a number, say) counts as false, as in ODK Collect.
"""

import datetime
import functools
import math
import re
import xml.etree.ElementTree as ET

from django.utils import timezone

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")
# `../x`, `../../x` and `current()/../x`: another answer, by name.
RELATIVE = re.compile(r"(?:current\(\)\s*/\s*)?(?:\.\./)+([A-Za-z_][A-Za-z0-9_.-]*)")
# ODK's if(c, a, b): `if` is a keyword in XPath 2, so it is read as odk-if().
IF_CALL = re.compile(r"(?<![\w-])if\s*\(")


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _selected(values, choice) -> bool:
    return str(choice) in _text(values).split()


def _count_selected(values) -> int:
    return len(_text(values).split())


def _selected_at(values, index) -> str:
    picked = _text(values).split()
    index = int(index)
    return picked[index] if 0 <= index < len(picked) else ""


def _regex(value, pattern) -> bool:
    # As ODK Collect and Enketo: the pattern is searched for; forms anchor it with ^ and $.
    return re.search(str(pattern), _text(value)) is not None


def _if(condition, yes, no):
    return yes if condition else no


def _coalesce(first, second):
    return first if _text(first) != "" else second


def _int(value) -> int:
    number = float(_text(value))
    return int(number) if math.isfinite(number) else 0


def _pow(base, exponent) -> float:
    return float(_text(base)) ** float(_text(exponent))


def _today() -> str:
    return timezone.localdate().isoformat()


def _now() -> str:
    return timezone.localtime().isoformat(timespec="milliseconds")


def _boolean_from_string(value) -> bool:
    return _text(value) in {"true", "1"}


class _ElementPath:
    """elementpath, loaded on the first expression: its import takes a tenth of a second,
    which the server's start need not pay (most questions carry no expression)."""

    def __init__(self):
        from elementpath import XPath2Parser, XPathContext
        from elementpath.datatypes import UntypedAtomic
        from elementpath.exceptions import ElementPathError

        self.XPathContext, self.UntypedAtomic = XPathContext, UntypedAtomic
        self.ElementPathError = ElementPathError
        self.errors = (
            ElementPathError,
            TypeError,
            ValueError,
            ZeroDivisionError,
            OverflowError,
            re.error,
        )
        self.parser = XPath2Parser()
        for function, name, types in _FUNCTIONS:
            self.parser.external_function(function, name=name, prefix=None, sequence_types=types)


_FUNCTIONS = (
    (_selected, "selected", ("xs:anyAtomicType?", "xs:anyAtomicType", "xs:boolean")),
    (_count_selected, "count-selected", ("xs:anyAtomicType?", "xs:integer")),
    (_selected_at, "selected-at", ("xs:anyAtomicType?", "xs:anyAtomicType", "xs:string")),
    (_regex, "regex", ("xs:anyAtomicType?", "xs:anyAtomicType", "xs:boolean")),
    (_if, "odk-if", ("xs:boolean", "xs:anyAtomicType?", "xs:anyAtomicType?", "xs:anyAtomicType?")),
    (_coalesce, "coalesce", ("xs:anyAtomicType?", "xs:anyAtomicType?", "xs:anyAtomicType?")),
    (_int, "int", ("xs:anyAtomicType?", "xs:integer")),
    (_pow, "pow", ("xs:anyAtomicType?", "xs:anyAtomicType?", "xs:double")),
    (_today, "today", ("xs:string",)),
    (_now, "now", ("xs:string",)),
    (_boolean_from_string, "boolean-from-string", ("xs:anyAtomicType?", "xs:boolean")),
)


@functools.cache
def _ep() -> _ElementPath:
    return _ElementPath()


def _errors():
    """What evaluating an expression may raise (read only when something was raised)."""
    return _ep().errors


def _variable(name: str) -> str:
    return name.replace(".", "_").replace("-", "_")


def normalise(expression: str) -> str:
    """`../x` as `${x}`, ODK's if() under a name XPath 2 accepts."""
    expression = RELATIVE.sub(lambda m: "${" + m.group(1) + "}", expression)
    return IF_CALL.sub("odk-if(", expression)


def names_in(expression: str) -> set[str]:
    """The answers an expression reads."""
    return set(VARIABLE.findall(normalise(expression or "")))


@functools.lru_cache(maxsize=4096)
def _compiled(expression: str):
    """An expression read once: the same few rules are evaluated for every answer and row."""
    expression = normalise(expression)
    names = tuple(sorted(set(VARIABLE.findall(expression))))
    xpath = VARIABLE.sub(lambda m: "$" + _variable(m.group(1)), expression)
    try:
        return names, _ep().parser.parse(xpath)
    except _ep().ElementPathError:
        return names, None


def _run(expression: str, answers: dict, *, current: str = "", choice=None):
    names, root = _compiled(expression)
    if root is None:
        raise ValueError(expression)
    ep = _ep()
    variables = {_variable(name): ep.UntypedAtomic(_text(answers.get(name))) for name in names}
    if choice is not None:
        context = ep.XPathContext(root=choice, variables=variables)
    else:
        context = ep.XPathContext(
            root=None, item=ep.UntypedAtomic(current or ""), variables=variables
        )
    return root.evaluate(context)


def evaluate(expression: str, *, answers: dict, current: str = "") -> bool:
    """True when the expression holds for these answers (strings, as the form sends them)."""
    if not (expression or "").strip():
        return True
    try:
        return _truth(_run(expression, answers, current=current))
    except _errors():
        return False


def _truth(result) -> bool:
    if isinstance(result, list):
        return bool(result) and all(_truth(item) for item in result[:1])
    if isinstance(result, _ep().UntypedAtomic):
        return str(result) != ""
    return bool(result)


def calculate(expression: str, *, answers: dict) -> str:
    """A calculate field's value as ODK stores it: text; empty when it cannot be worked out."""
    try:
        result = _run(expression, answers)
    except _errors():
        return ""
    if isinstance(result, list):
        result = result[0] if result else ""
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        if not math.isfinite(result):
            return ""
        return str(int(result)) if result.is_integer() else repr(result)
    if isinstance(result, (datetime.date, datetime.datetime)):
        return result.isoformat()
    return _text(result)


def _choice_element(choice: dict):
    """A choice as the XML item a choice_filter reads: `name`, `label` and its other columns."""
    item = ET.Element("item")
    values = {"name": choice.get("name", ""), "label": choice.get("label", "")}
    values.update(choice.get("columns") or {})
    for key, value in values.items():
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", str(key)):
            ET.SubElement(item, str(key)).text = _text(value)
    return item


def allowed_choices(question, answers: dict) -> list[dict]:
    """The choices a question offers for these answers: its choice_filter applied."""
    if not question.choice_filter:
        return list(question.choices)
    allowed = []
    for choice in question.choices:
        try:
            if _truth(_run(question.choice_filter, answers, choice=_choice_element(choice))):
                allowed.append(choice)
        except _errors():
            continue
    return allowed


def fill(text: str, answers: dict) -> str:
    """`${name}` in a label, hint or message replaced by the answer so far."""
    if not text or "${" not in text:
        return text or ""
    return VARIABLE.sub(lambda m: _text(answers.get(m.group(1))), text)


def check_expression(expression: str) -> str | None:
    """pyxform accepts some text elementpath cannot read; say which, at upload time."""
    if not (expression or "").strip():
        return None
    xpath = VARIABLE.sub(lambda m: "$" + _variable(m.group(1)), normalise(expression))
    try:
        _ep().parser.parse(xpath)
    except _ep().ElementPathError as error:
        return str(error)
    return None
