"""Open311 GeoReport v2 views: thin, each answering in the format its suffix names."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qualitymonth.core import selectors as core_selectors
from qualitymonth.core.clients import client_address, client_digest, over_limit
from qualitymonth.core.links import absolute_url
from qualitymonth.enquiries.open311 import definitions, params, selectors
from qualitymonth.enquiries.open311.filing import file_request
from qualitymonth.enquiries.open311.present import request_row
from qualitymonth.enquiries.open311.render import Open311Error, error_response, respond
from qualitymonth.organizations.models import Unit, UnitKind

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this interface last changed (discovery's changeset): bump it with any change.
CHANGESET = "2026-11-21 00:00"
FORMATS = ["text/xml", "application/json"]


def open311(*methods):
    """Machine clients: no CSRF token, the language from Accept-Language, any Open311Error
    answered in the specification's error format."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, fmt="xml", **kwargs):
            with translation.override(translation.get_language_from_request(request)):
                try:
                    if request.method not in methods:
                        raise Open311Error(
                            400, _("%(method)s is not supported here.") % {"method": request.method}
                        )
                    params.check_jurisdiction(
                        request.GET if request.method != "POST" else request.POST
                    )
                    return view(request, fmt, **kwargs)
                except Open311Error as error:
                    return error_response(fmt, error)

        return wrapper

    return decorate


READ = ("GET", "HEAD")


def _base_url(request) -> str:
    return request.build_absolute_uri(reverse("open311:discovery", args=["xml"])).removesuffix(
        "discovery.xml"
    )


def _contact(request) -> str:
    association = (
        Unit.objects.filter(kind=UnitKind.ASSOCIATION, is_active=True).order_by("pk").first()
    )
    if association is None:
        return request.build_absolute_uri("/")
    details = ", ".join(part for part in (association.phone, association.email) if part)
    return f"{association.display_name} {details}".strip()


@open311(*READ)
def discovery(request, fmt):
    key_service = _(
        "Create a personal API token on your profile page, %(url)s, and send it as api_key."
    ) % {"url": request.build_absolute_uri(reverse("profile"))}
    endpoint = {
        "specification": SPECIFICATION,
        "url": _base_url(request),
        "changeset": CHANGESET,
        "type": "test" if settings.DEBUG else "production",
        "formats": FORMATS,
    }
    content = {
        "changeset": CHANGESET,
        "contact": _contact(request),
        "key_service": key_service,
        "endpoints": [endpoint],
    }
    return respond(fmt, "discovery", content)


@open311(*READ)
def services(request, fmt):
    districts = list(selectors.districts())
    rows = [definitions.service(category, districts) for category in selectors.services()]
    return respond(fmt, "services", rows)


@open311(*READ)
def service_definition(request, fmt, code):
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("No service has this service_code."))
    return respond(
        fmt, "service_definition", definitions.definition(category, selectors.districts())
    )


@open311("GET", "HEAD", "POST")
def service_requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    found = params.request_filters(request.GET, timezone.now())
    cases = selectors.find_requests(
        numbers=found.numbers,
        codes=found.codes,
        start=found.start,
        end=found.end,
        statuses=found.statuses,
    )
    return respond(fmt, "service_requests", [request_row(case) for case in cases])


def _create(request, fmt):
    token = core_selectors.active_token_for_key(params.optional(request.POST, "api_key"))
    if token is None:
        raise Open311Error(403, _("api_key is missing, unknown or revoked."))
    rate = settings.OPEN311_RATE
    # The specification names only 400, 403 and 404, so a spent budget is a 400, not a 429.
    if over_limit(request, group=f"enquiries.open311.{token.pk}", rate=rate):
        raise Open311Error(400, _("Too many requests with this api_key; try again in an hour."))
    code = params.optional(request.POST, "service_code")
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("No service has this service_code."))
    filing = params.filing(request.POST, category)
    case = file_request(
        filing=filing, token=token, client_digest=client_digest(client_address(request))
    )
    notice = _(
        "%(track)s %(number)s received. Follow it at %(url)s with the number and the phone "
        "number given."
    ) % {
        "track": case.get_kind_display(),
        "number": case.number,
        "url": absolute_url(reverse("enquiries:track"), request),
    }
    row = {"service_request_id": case.number, "service_notice": notice, "account_id": None}
    return respond(fmt, "service_requests", [row])


@open311(*READ)
def request_one(request, fmt, number):
    case = selectors.published_case(number)
    if case is None:
        raise Open311Error(404, _("No published request has this service_request_id."))
    return respond(fmt, "service_requests", [request_row(case)])


@open311(*READ)
def token_lookup(request, fmt, token):
    # Every service is realtime: the POST answers with the number, so no token ever exists.
    raise Open311Error(
        404,
        _(
            "Requests are filed in real time and answered with their service_request_id, so "
            "there are no tokens."
        ),
    )


@csrf_exempt
def not_found(request, path=""):
    fmt = "json" if request.path.endswith(".json") else "xml"
    with translation.override(translation.get_language_from_request(request)):
        return error_response(
            fmt, Open311Error(404, _("Not an Open311 GeoReport v2 resource; use .xml or .json."))
        )
