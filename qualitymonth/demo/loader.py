"""Loads the YAML files in demo/fixtures/ in name order; running it twice changes nothing.

Each top-level key of a file is a section with its own handler; a later capability
adds its demo data by adding a file and, for a new kind of record, a handler.
"""

import importlib
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml
from django.db import transaction

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "quality-month-2026")

Handler = Callable[[list[dict]], Counter]
HANDLERS: dict[str, Handler] = {}


def section(name: str):
    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


class FixtureError(Exception):
    pass


def save_if_changed(model, lookup: dict, values: dict, counts: Counter) -> object:
    """Create or update one row, touching it only when a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts["created"] += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save()
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return obj


@transaction.atomic
def load_all(directory: Path = FIXTURES) -> dict[str, Counter]:
    # Every `*sections.py` beside this file registers handlers; an app added later brings its
    # own `<app>_sections.py` and a fixture file, and never edits this one.
    for module in sorted(Path(__file__).parent.glob("*sections.py")):
        importlib.import_module(f"qualitymonth.demo.{module.stem}")

    report: dict[str, Counter] = {}
    for path in sorted(directory.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, rows in document.items():
            if name not in HANDLERS:
                raise FixtureError(f"{path.name}: no handler for section {name!r}")
            report.setdefault(name, Counter()).update(HANDLERS[name](rows or []))
    return report
