"""Reading Open311 parameters: the list filters and a POSTed request. Each mistake is named by
its parameter, in the specification's error format; "optional" means an empty parameter is the
same as an absent one."""

import datetime
import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from qualitymonth.core.text import join_list
from qualitymonth.enquiries.models import Category, Submission
from qualitymonth.enquiries.open311 import definitions, selectors
from qualitymonth.enquiries.open311.render import Open311Error
from qualitymonth.enquiries.services.intake import MAX_ATTACHMENTS, check
from qualitymonth.enquiries.statuses import Kind

SPAN = datetime.timedelta(days=90)
MAX_DESCRIPTION = 4000
MAX_ANSWER = 1000
STATUSES = {"open", "closed"}

# The Open311 parameter behind each field of a submission, for naming it in an error.
PARAMS = {
    "name": "first_name, last_name",
    "phone": "phone",
    "email": "email",
    "facts": "description",
    "kinds": "attribute[track]",
    "attachments": "media_url",
    **{
        target: f"attribute[{code}]"
        for code, target in definitions.PLATFORM.items()
        if target and code != "track"
    },
}
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
# A "+" sent unencoded in a query string arrives as a space: 2026-01-01T00:00:00 08:00.
_SPACED_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def optional(data, name: str) -> str:
    # NUL never belongs in a parameter, and PostgreSQL refuses to compare with it.
    return (data.get(name) or "").replace("\x00", "").strip()


def jurisdiction() -> str:
    return urlsplit(settings.SITE_URL).hostname or ""


def check_jurisdiction(data) -> None:
    """One jurisdiction: jurisdiction_id may be left out; another one does not exist here."""
    given = optional(data, "jurisdiction_id")
    if given and given != jurisdiction():
        raise Open311Error(
            404,
            _(
                "Unknown jurisdiction_id. This endpoint serves one jurisdiction, %(ours)s; the "
                "parameter may be left out."
            )
            % {"ours": jurisdiction()},
        )


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _moment(value: str) -> datetime.datetime | None:
    try:
        moment = parse_datetime(_SPACED_OFFSET.sub(r"\1+\2", value.strip()))
    except ValueError:
        return None
    return None if moment is None or timezone.is_naive(moment) else moment


def w3c_datetime(value: str, name: str) -> datetime.datetime:
    moment = _moment(value)
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s: use the W3C format with a timezone, e.g. 2026-01-01T00:00:00+08:00.")
            % {"name": name},
        )
    return moment


@dataclass
class Filters:
    numbers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    statuses: list[str] = field(default_factory=list)


def request_filters(query, now: datetime.datetime) -> Filters:
    """GET requests: service_request_id overrides all; dates span at most 90 days and default
    to the last 90."""
    numbers = _list(optional(query, "service_request_id"))
    if numbers:
        return Filters(numbers=numbers[: selectors.MAX_REQUESTS])
    statuses = [status.lower() for status in _list(optional(query, "status"))]
    if set(statuses) - STATUSES:
        raise Open311Error(400, _("status: open, closed, or both separated by a comma."))
    start = optional(query, "start_date")
    end = optional(query, "end_date")
    start = w3c_datetime(start, "start_date") if start else None
    end = w3c_datetime(end, "end_date") if end else None
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > SPAN:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    elif start:
        end = start + SPAN
    elif end:
        start = end - SPAN
    else:
        start, end = now - SPAN, now
    return Filters(
        codes=_list(optional(query, "service_code")), start=start, end=end, statuses=statuses
    )


@dataclass
class Filing:
    """A POSTed request, checked: what to file, and what is kept as text in its history."""

    category: Category
    track: str
    data: dict
    extras: list[str]


def _answers(post) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for key in post:
        found = _ATTRIBUTE.match(key)
        if found:
            values = [value.replace("\x00", "").strip() for value in post.getlist(key)]
            values = [value for value in values if value]
            answers.setdefault(found.group(1), []).extend(values)
    return answers


def _attribute_errors(attribute, given: list[str]) -> list[str]:
    if attribute.datatype in definitions.LISTS:
        wrong = [value for value in given if value not in attribute.value_keys()]
        if wrong:
            return [
                _("not a value of the service definition: %(values)s")
                % {"values": ", ".join(wrong)}
            ]
        if attribute.datatype == "singlevaluelist" and len(given) > 1:
            return [_("give one value.")]
    elif attribute.datatype == "number":
        try:
            [float(value) for value in given]
        except ValueError:
            return [_("give a number.")]
    elif attribute.datatype == "datetime" and any(_moment(value) is None for value in given):
        return [_("use the W3C format with a timezone.")]
    if any(len(value) > MAX_ANSWER for value in given):
        return [_("at most %(n)s characters.") % {"n": MAX_ANSWER}]
    return []


def _location(post, data: dict, refuse) -> None:
    lat, long = optional(post, "lat"), optional(post, "long")
    located = bool(optional(post, "address_string") or optional(post, "address_id"))
    if lat or long:
        try:
            latitude, longitude = float(lat), float(long)
        except ValueError:
            latitude = longitude = math.nan
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            data["latitude"], data["longitude"] = latitude, longitude
            return
        refuse("lat, long", _("give both, in decimal degrees (WGS84)."))
        return
    if not located:
        refuse(
            "lat, long, address_string, address_id",
            _("a location is required: lat and long, address_string or address_id."),
        )


def _name(post) -> str:
    first, last = optional(post, "first_name"), optional(post, "last_name")
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return last + first  # a Chinese name: family name first, no space
    return " ".join(part for part in (first, last) if part)


def _extras(post, own, answers, data: dict, refuse) -> list[str]:
    lines = []
    for attribute in own:
        given = answers.get(attribute.code)
        if given:
            names = dict(attribute.values)
            answer = join_list(names.get(value, value) for value in given)
            lines.append(
                _("%(question)s: %(answer)s")
                % {"question": attribute.description, "answer": answer}
            )
    media = post.getlist("media_url") + post.getlist("media_url[]")
    media = [url.replace("\x00", "").strip() for url in media]
    media = [url for url in media if url]
    if len(media) > MAX_ATTACHMENTS:
        refuse("media_url", _("at most %(n)s.") % {"n": MAX_ATTACHMENTS})
    for url in media:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            refuse("media_url", _("not a web address: %(url)s") % {"url": url[:100]})
            continue
        lines.append(_("Photo or file at (not fetched): %(url)s") % {"url": url})
    place = optional(post, "address_string")
    if place and data.get("business_address") != place:
        lines.append(_("Location given: %(place)s") % {"place": place})
    if optional(post, "address_id"):
        lines.append(_("Address ID given: %(id)s") % {"id": optional(post, "address_id")})
    return lines


def filing(post, category: Category) -> Filing:
    """The request as a submission, or a 400 listing every mistake, including the
    statutory data a complaint or report lacks."""
    errors: list[str] = []
    refused: set[str] = set()

    def refuse(param: str, message: str) -> None:
        errors.append(f"{param}: {message}")
        refused.add(param)

    answers = _answers(post)
    attributes = definitions.attributes(category, selectors.districts())
    track = (answers.get("track") or [definitions.default_track(category)])[0]
    if track not in category.kinds:
        values = ", ".join(category.kinds)
        refuse("attribute[track]", _("one of: %(values)s.") % {"values": values})
    data: dict = {
        "name": _name(post),
        "phone": optional(post, "phone"),
        "email": optional(post, "email"),
        "facts": (post.get("description") or "").replace("\x00", "").strip(),
    }
    if not data["facts"]:
        refuse("description", _("describe what happened, or ask your question."))
    elif len(data["facts"]) > MAX_DESCRIPTION:
        refuse("description", _("at most %(n)s characters.") % {"n": MAX_DESCRIPTION})
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            refuse("email", _("not a valid e-mail address."))
    _location(post, data, refuse)
    own = [
        attribute for attribute in attributes if not attribute.target and attribute.code != "track"
    ]
    for attribute in attributes:
        given = answers.get(attribute.code, [])
        param = f"attribute[{attribute.code}]"
        if attribute.code == "track" or not attribute.variable:
            continue
        if not given:
            if attribute.required and not attribute.target:
                refuse(param, _("required."))
            continue
        if attribute.code == "district":
            data["district"] = selectors.district_for(given[0])
            if data["district"] is None:
                refuse(param, _("unknown district: %(value)s") % {"value": given[0]})
            continue
        for message in _attribute_errors(attribute, given):
            refuse(param, message)
        if attribute.target.startswith("consents_"):
            data[attribute.target] = given[0] == "true"
        elif attribute.target:
            data[attribute.target] = given[0]
    place = optional(post, "address_string")
    if place and track in (Kind.COMPLAINT, Kind.REPORT) and not data.get("business_address"):
        data["business_address"] = place  # where it happened: the business, for these tracks
    extras = _extras(post, own, answers, data, refuse)
    for key, value in data.items():
        limit = getattr(Submission._meta.get_field(key), "max_length", None)
        if key != "phone" and isinstance(value, str) and limit and len(value) > limit:
            refuse(PARAMS.get(key, key), _("at most %(n)s characters.") % {"n": limit})
    if track in category.kinds:
        try:
            check([track], category, data)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    if key == NON_FIELD_ERRORS:
                        errors.append(message)
                    elif PARAMS.get(key, key) not in refused:  # named once, by our check
                        refuse(PARAMS.get(key, key), message)
    if errors:
        raise Open311Error(400, *dict.fromkeys(errors))
    return Filing(category=category, track=track, data=data, extras=extras)
