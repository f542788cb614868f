"""What a new password ends: the person's API tokens, and their lockout."""

from django.db import transaction

from qualitymonth.core.auth.lockouts import USERNAME, lift_lockout
from qualitymonth.core.models import ApiToken
from qualitymonth.core.services import revoke_api_token


@transaction.atomic
def after_password_change(*, user, actor) -> int:
    """Revoke every active API token of `user` (a token made with a stolen password must not
    outlive it) and lift a lockout on their user name (they proved who they are). Other
    sessions end by themselves: each holds a hash of the old password (get_session_auth_hash)
    and is refused once it no longer matches. Returns the number of tokens revoked."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke_api_token(actor=actor, token=token)
    lift_lockout(actor=actor, kind=USERNAME, value=user.get_username())
    return len(tokens)
