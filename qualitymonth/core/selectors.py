from django.contrib.contenttypes.models import ContentType

from qualitymonth.core.models import ApiToken, AuditEntry


def active_token_for_key(key: str) -> ApiToken | None:
    if not key:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def audit_trail_of(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
