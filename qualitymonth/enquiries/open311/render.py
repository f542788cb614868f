"""Open311 output: one structure written as XML (the required format) or JSON.

XML is built element by element with the standard library: no schema, no namespace, each
plural wrapper holding its singular items. JSON follows the specification's "Spark
convention": the root element is dropped, so a list becomes a bare array and a definition or
discovery document an object. Booleans are true/false in both; ids and codes are strings.
"""

import json
import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.utils.functional import Promise

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'

# Each plural wrapper and the element of its items.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


class Open311Error(Exception):
    """An answer in the specification's error format: 404 for what does not exist, 403 for
    a missing or wrong api_key, 400 for anything else; one <error> per description."""

    def __init__(self, status: int, *descriptions):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(text) for text in descriptions]


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: ET.Element, values: dict) -> None:
    for key, value in values.items():
        element = ET.SubElement(parent, key)
        if isinstance(value, list):
            _items(element, SINGULAR[key], value)
        elif isinstance(value, dict):
            _fill(element, value)
        else:
            element.text = _text(value)


def _items(parent: ET.Element, tag: str, items: list) -> None:
    for item in items:
        child = ET.SubElement(parent, tag)
        if isinstance(item, dict):
            _fill(child, item)
        else:
            child.text = _text(item)


def to_xml(root: str, content) -> bytes:
    element = ET.Element(root)
    if isinstance(content, list):
        _items(element, SINGULAR[root], content)
    else:
        _fill(element, content)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode").encode("utf-8")


def to_json(content) -> bytes:
    return json.dumps(content, ensure_ascii=False).encode("utf-8")


def respond(fmt: str, root: str, content, status: int = 200) -> HttpResponse:
    """`content` as `<root>…</root>` or as JSON without the root."""
    content = _plain(content)
    if fmt == "json":
        return HttpResponse(to_json(content), content_type=JSON_TYPE, status=status)
    return HttpResponse(to_xml(root, content), content_type=XML_TYPE, status=status)


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    errors = [{"code": error.status, "description": text} for text in error.descriptions]
    return respond(fmt if fmt == "json" else "xml", "errors", errors, status=error.status)
