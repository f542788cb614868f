"""How views ask the permission predicates (declared in each app's rules.py)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qualitymonth.core import perms_cache


def require_perm_or_404(user, perm: str, obj) -> None:
    """Hide objects the user may not touch: another unit's object answers 404, not 403."""
    if not user.has_perm(perm, obj):
        raise Http404


def permission_required(perm: str):
    """For views without an object: sign in first, then 403 when the role is missing."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not perms_cache.reader(request).has(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
