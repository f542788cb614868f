from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.control_chars import (
    FORBIDDEN,
    FORM_TYPES,
    fields_with_control_characters,
    holds_nul,
    replaced,
)


class LanguageMiddleware(LocaleMiddleware):
    """Pages are in Simplified Chinese until the reader picks another language.

    The browser's Accept-Language is not used for pages: a public body's site has
    one default language. API clients may still ask for one with Accept-Language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            language = chosen
        elif request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware:
    """Pages may load nothing from outside the platform (it runs on intranets)."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


class RequestSizeLimitMiddleware:
    """A body larger than MAX_REQUEST_BYTES is refused by its Content-Length, before a byte of
    it is read (a form's own limits apply only once the whole body has arrived)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            megabytes = limit // (1024 * 1024)
            message = _("The request is larger than %(limit)s MB.") % {"limit": megabytes}
            if _is_api(request):
                return JsonResponse({"detail": message}, status=413)
            return render(
                request,
                "core/refused_request.html",
                {"title": _("The request is too large"), "reasons": [message]},
                status=413,
            )
        return self.get_response(request)


class ControlCharacterMiddleware:
    """Text with control characters (a NUL byte above all) never reaches a view as it came.

    The API refuses it by field: a 422 like its other validation errors. Pages keep working:
    a query value has each such character replaced by U+FFFD (it was unusable anyway, and the
    page ignores it as it ignores any bad value); a form field loses its invisible controls,
    but keeps a NUL so that the form refuses it by field; should a view read that NUL itself
    and the database refuse it, the answer is a 400 page naming the field, not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if FORBIDDEN.search(request.path_info):
            # No address has such a character: nothing is here.
            if _is_api(request):
                return JsonResponse({"detail": _("Not found.")}, status=404)
            raise Http404
        if _is_api(request):
            fields = fields_with_control_characters(request, json_body=True)
            if fields:
                return JsonResponse(_refusal(fields), status=422)
            return self.get_response(request)
        query = replaced(request.GET, by="\ufffd")
        if query is not None:
            request.GET = query
        if request.method == "POST" and request.content_type in FORM_TYPES:
            form = replaced(request.POST, by="", keep_nul=True)
            if form is not None:
                request.POST = form
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _is_api(request) or not isinstance(exception, DatabaseError | ValueError):
            return None
        fields = holds_nul(request)
        if not fields:
            return None
        message = _remove_message()
        lines = [_("“%(field)s”: %(message)s") % {"field": f, "message": message} for f in fields]
        return render(
            request,
            "core/refused_request.html",
            {"title": _("The request is not valid."), "reasons": lines},
            status=400,
        )


def _remove_message() -> str:
    return _("Remove the control character (such as a NUL byte) from this text.")


def _refusal(fields: list[str]) -> dict:
    errors = [{"field": field or None, "message": _remove_message()} for field in fields]
    return {"detail": _("The request is not valid."), "errors": errors}
