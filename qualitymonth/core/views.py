from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from qualitymonth.core import selectors, services


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks, ready = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {error.__class__.__name__}"
        ready = False
    if settings.REDIS_URL:
        try:
            cache.set("readyz", "1", 5)
            checks["redis"] = "ok" if cache.get("readyz") == "1" else "error: no echo"
        except Exception as error:
            checks["redis"] = f"error: {error.__class__.__name__}"
        ready = ready and checks["redis"] == "ok"
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


# Exempt from CSRF checks so that the form on every page carries no token: a token would make
# each anonymous page personal (and uncacheable). The view does nothing but set the language
# cookie (a forged post could only change the language) and redirect to an address on this
# site (Django's own check of `next`, then of the Referer, then "/").
@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch, but an unknown language is said so instead of ignored."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        messages.error(
            request,
            _("“%(code)s” is not a language of this platform. Choose one of: %(choices)s.")
            % {"code": code[:20], "choices": "、".join(name for _c, name in settings.LANGUAGES)},
        )
        target = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = "/"
        return HttpResponseRedirect(target)
    return django_set_language(request)


@login_required
@require_POST
def revoke_token(request, pk):
    # Only one's own tokens: another person's token answers 404.
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("profile")


def error_404(request, exception):
    return render(request, "404.html", status=404)


def error_403(request, exception):
    return render(request, "403.html", status=403)


def error_500(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
