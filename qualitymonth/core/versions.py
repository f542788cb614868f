"""Optimistic version checks for edit forms: a second save from a stale page is refused.

When two people (or one person in two tabs) open the same record and both save, the later
save would silently put back everything the earlier one changed. A form therefore carries a
hidden `version`: a short digest of each editable value as the page showed it. The service,
holding the row lock in its transaction, compares it with the values now stored and refuses
the save if any differ, naming each changed field with its current value.

Digests per field (rather than a counter column) need no migration, work for any model and
for values spread over several rows (a review's scores), and tell which fields changed. A
value changed and changed back compares equal, which loses nothing: the page shows what is
stored. Callers without a form (the API, imports, scripts) send no version (None or "") and
are not checked: leaving it out can only hurt the caller's own save.
"""

import base64
import binascii
import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

VERSION_FIELD = "version"
_DIGEST_LENGTH = 12
_SHOWN_LENGTH = 60
MAX_TOKEN_LENGTH = 200_000


class StaleVersion(ValidationError):
    """The record changed after the form was opened; `changed` names the fields."""

    def __init__(self, message, *, changed: list[str]):
        super().__init__(message, code="stale")
        self.changed = changed


def _canonical(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(item) for item in value), key=repr)
    if value is None or isinstance(value, (str, int, float, bool)):
        return "" if value is None else value
    return str(value)


def _digest(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:_DIGEST_LENGTH]


def version_of(values: Mapping[str, Any]) -> str:
    """The token a form carries: each field's digest, so a check can name what changed."""
    payload = json.dumps(
        {name: _digest(value) for name, value in values.items()},
        sort_keys=True,
        separators=(",", ":"),
    )
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _parse(token: str) -> dict[str, str] | None:
    """The digests in a token, or None when it is not one of ours (then all count as changed)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode())
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        return None
    return data


def changed_since(token: str, values: Mapping[str, Any]) -> list[str]:
    """The names in `values` whose value differs from what the token recorded."""
    digests = _parse(token)
    if digests is None:
        return list(values)
    # A name the token leaves out was empty then (a table's version lists only filled cells).
    empty = _digest(None)
    return [name for name, value in values.items() if digests.get(name, empty) != _digest(value)]


def shown(value: Any) -> str:
    """A value as the message shows it: localised, short, "(empty)" for nothing."""
    if value is None or value == "" or value == [] or value == ():
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, (list, tuple, set)):
        text = "、".join(shown(item) for item in value)
    elif isinstance(value, (datetime.date, datetime.time, Decimal, float, int)):
        text = str(formats.localize(value))
    else:
        text = str(value)
    return Truncator(" ".join(text.split())).chars(_SHOWN_LENGTH)


def stale_message(changes: Iterable[tuple[str, str]]) -> str:
    listed = _("; ").join(
        _("%(field)s: %(value)s") % {"field": label, "value": value} for label, value in changes
    )
    return _(
        "Not saved: this was changed after you opened it, by someone else or in another tab. "
        "As it stands now: %(changes)s. Open the page again to see the current values, then make "
        "your changes again."
    ) % {"changes": listed}


def check_version(
    submitted: str | None,
    values: Mapping[str, Any],
    *,
    labels: Mapping[str, str] | None = None,
    display: Mapping[str, str] | None = None,
) -> None:
    """Refuse (StaleVersion) if any of `values` differs from the version the form was opened
    with. Call it inside the transaction, after locking the rows the values come from, so no
    other save can slip in between the comparison and the write. No version: nothing to check."""
    if not submitted:
        return
    changed = changed_since(submitted, values)
    if not changed:
        return
    labels, display = labels or {}, display or {}
    message = stale_message(
        (str(labels.get(name, name)), display.get(name) or shown(values[name])) for name in changed
    )
    raise StaleVersion(message, changed=changed)


# Model instances ---------------------------------------------------------------------------


def instance_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The stored values of `fields`: foreign keys by id, many-to-many as sorted ids."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = (
                sorted(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []
            )
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = getattr(instance, name)
    return values


def instance_version(instance: models.Model, fields: Iterable[str]) -> str:
    return version_of(instance_values(instance, fields))


def _instance_display(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return shown([str(item) for item in getattr(instance, name).all()])
    if field.choices and not field.is_relation:
        value = getattr(instance, name)
        return shown(instance._get_FIELD_display(field) if value not in (None, "") else None)
    return shown(getattr(instance, name))


def check_instance_version(
    instance: models.Model, submitted: str | None, fields: Iterable[str]
) -> models.Model:
    """Lock the instance's row, refuse a stale version, and bring `instance` up to date with
    the stored row (so the save and its audit diff start from what is stored).

    Must run inside a transaction. Returns the instance."""
    if not submitted or instance.pk is None:
        return instance
    fields = list(fields)
    model = type(instance)
    if transaction.get_connection(model._base_manager.db).in_atomic_block:
        model._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk").first()
    instance.refresh_from_db()
    values = instance_values(instance, fields)
    changed = changed_since(submitted, values)
    if changed:
        labels = {name: str(model._meta.get_field(name).verbose_name) for name in changed}
        labels = {name: label[:1].upper() + label[1:] for name, label in labels.items()}
        display = {name: _instance_display(instance, name) for name in changed}
        check_version(submitted, values, labels=labels, display=display)
    return instance


# Forms ---------------------------------------------------------------------------------------


class VersionedFormMixin:
    """Adds the hidden `version` field. A ModelForm editing a stored instance gets its version
    from the instance's `version_fields` (by default every model field the form shows); other
    forms are given it through `initial={"version": ...}`."""

    version_fields: list[str] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and not instance.pk:
            return  # a form creating a record has nothing to be stale against
        self.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=MAX_TOKEN_LENGTH
        )
        if instance is not None and not self.is_bound:
            self.initial.setdefault(
                VERSION_FIELD, instance_version(instance, self.versioned_field_names())
            )

    def versioned_field_names(self) -> list[str]:
        if self.version_fields is not None:
            return list(self.version_fields)
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields]


# The admin ----------------------------------------------------------------------------------


class _AdminVersionMixin:
    """A ModelAdmin's change form with a version. The admin validates and saves in one
    transaction, so the check in clean() holds the row lock until the save commits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault(
                VERSION_FIELD, instance_version(self.instance, self._versioned_names())
            )

    def _versioned_names(self) -> list[str]:
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields and name != VERSION_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            check_instance_version(
                self.instance, cleaned.get(VERSION_FIELD), self._versioned_names()
            )
        return cleaned


def versioned_admin_form(form_class):
    """`form_class` (a ModelForm) with the hidden version field and its check."""
    if issubclass(form_class, _AdminVersionMixin):
        return form_class
    field = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_TOKEN_LENGTH)
    return type(form_class.__name__, (_AdminVersionMixin, form_class), {VERSION_FIELD: field})


class VersionedAdminMixin:
    """For ModelAdmin: a change saved from a page opened before another change of the same
    record is refused (inline rows are not covered)."""

    def _versioned(self, request, obj) -> bool:
        # Only a change form has something to be stale against; a read-only page has no save.
        return obj is not None and self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._versioned(request, obj):
            kwargs["form"] = versioned_admin_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._versioned(request, obj):
            return fieldsets
        named = set()
        for _name, options in fieldsets:
            for entry in options.get("fields", ()):
                named.update(entry if isinstance(entry, (list, tuple)) else [entry])
        if VERSION_FIELD in named:
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]
