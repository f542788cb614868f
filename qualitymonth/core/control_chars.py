"""Text a person could not have typed: control characters and lone surrogates.

PostgreSQL refuses a NUL byte in any text value with an error, and the other C0 control
characters (tab, line feed and carriage return aside) are never part of a name, an address or
an answer; a lone surrogate cannot even be encoded. They are found in one place, before any
view runs, so that no form, schema or query has to remember them.
"""

import json
import re

# C0 controls except TAB, LF and CR; and UTF-16 surrogates, which JSON's \\ud800 escapes yield.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
FORBIDDEN_BUT_NUL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_REPORTED = 10


def shown(text: str) -> str:
    """A field name safe to show: each forbidden character as U+FFFD."""
    return FORBIDDEN.sub("\ufffd", text)


def _walk(data, found: list[str]) -> None:
    # A stack, not recursion: JSON may nest as deep as its parser allows.
    stack = [(data, [])]
    while stack and len(found) < MAX_REPORTED:
        value, location = stack.pop()
        if isinstance(value, str):
            if FORBIDDEN.search(value):
                found.append(".".join(location))
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                here = [*location, shown(key)]
                if FORBIDDEN.search(key):
                    found.append(".".join(here))
                stack.append((item, here))
        elif isinstance(value, list):
            stack.extend(
                (item, [*location, str(i)]) for i, item in reversed(list(enumerate(value)))
            )


def _pairs(query_dict, found: list[str]) -> None:
    for key, values in query_dict.lists():
        if FORBIDDEN.search(key) or any(FORBIDDEN.search(value) for value in values):
            found.append(shown(key))
        if len(found) >= MAX_REPORTED:
            return


def replaced(query_dict, *, by: str, keep_nul: bool = False):
    """A copy of a query or form with each forbidden character replaced (by U+FFFD, or by
    nothing), or None when there is none. A NUL may be kept, for Django's forms to refuse."""
    pattern = FORBIDDEN_BUT_NUL if keep_nul else FORBIDDEN
    if not any(
        pattern.search(key) or any(pattern.search(v) for v in values)
        for key, values in query_dict.lists()
    ):
        return None
    copy = query_dict.copy()
    copy.clear()
    for key, values in query_dict.lists():
        copy.setlist(pattern.sub(by, key), [pattern.sub(by, value) for value in values])
    copy._mutable = False
    return copy


def holds_nul(request) -> list[str]:
    """The query parameters and form fields holding a NUL byte."""
    found: list[str] = []
    for query_dict in (request.GET, request.POST):
        for key, values in query_dict.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                found.append(shown(key))
    return found[:MAX_REPORTED]


def fields_with_control_characters(request, *, json_body: bool) -> list[str]:
    """The names of the query parameters, form fields or JSON members that hold a forbidden
    character (file contents are bytes, not text, and are not looked at). A body that is not
    valid JSON is left to the view, which says so."""
    found: list[str] = []
    _pairs(request.GET, found)
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_TYPES:
        _pairs(request.POST, found)
    elif (json_body and content_type not in FORM_TYPES) or content_type.endswith("json"):
        body = request.body
        if body:
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                return found
            _walk(data, found)
    return found[:MAX_REPORTED]
