"""Writes shared by every capability: the audit trail and API tokens."""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from qualitymonth.core.models import ApiToken, AuditEntry


def log_action(*, actor, action: str, obj, changes: dict | None = None) -> AuditEntry:
    """Record one change; every state change of audited records goes through here."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def diff_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, as JSON-safe strings."""
    return {
        field: [_plain(before.get(field)), _plain(value)]
        for field, value in after.items()
        if before.get(field) != value
    }


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def create_api_token(*, user, name: str) -> tuple[ApiToken, str]:
    """Return the new token and its key; the key is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
    )
    log_action(actor=user, action="api_token.create", obj=token)
    return token, key


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(actor=actor, action="api_token.revoke", obj=token)


def touch_api_token(token: ApiToken) -> None:
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
