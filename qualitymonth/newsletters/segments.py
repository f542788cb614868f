"""Who a newsletter goes to: a segment is a set of filters, each a list of values; a person
is in the segment when they match every filter given (any one of its values). No filter:
every subscriber of the category. A new filter is one more entry in FILTERS.

MEMBER_FILTERS come from the members' records (status, type, industry, took part in a year
or did not): the people who hold a position in a unit of that set. Each carries its own
choices, so a form can offer them without knowing the members app.

Each filter answers a set of people (a subquery), so filters on different relations never
multiply each other's rows, and a person matching twice is still one recipient.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qualitymonth.members import selectors as members
from qualitymonth.members.models import Status
from qualitymonth.organizations.models import User


@dataclass(frozen=True)
class Filter:
    label: str
    people: Callable[[list], Q]  # values -> condition on User
    # () -> [(value, label)]: what a form offers; None for the filters whose choices the
    # newsletter form lists itself.
    choices: Callable[[], list] | None = None


def _district(ids: list) -> Q:
    # A unit located in the district, the district itself, or a unit directly under it.
    return (
        Q(positions__unit__district_id__in=ids)
        | Q(positions__unit_id__in=ids)
        | Q(positions__unit__parent_id__in=ids)
    )


FILTERS: dict[str, Filter] = {
    "unit_kind": Filter(_("unit kind"), lambda kinds: Q(positions__unit__kind__in=kinds)),
    "district": Filter(_("district"), _district),
    "role": Filter(_("role"), lambda roles: Q(positions__role__in=roles)),
    "event_series": Filter(
        _("registered for an event series"),
        lambda keys: Q(event_registrations__event__series__key__in=keys),
    ),
    "membership_level": Filter(
        _("membership level"), lambda levels: Q(positions__unit__memberships__level__in=levels)
    ),
    "industry_group": Filter(
        _("industry group"),
        lambda ids: Q(positions__unit__memberships__industry_group_id__in=ids),
    ),
}


def _member_units(name: str, cast=str) -> Callable[[list], Q]:
    """People holding a position in a unit of the members' set `name`."""

    def people(values: list) -> Q:
        kept = []
        for value in values:
            try:
                kept.append(cast(value))
            except (TypeError, ValueError):
                continue  # a year that is not a number matches nobody
        return Q(positions__unit_id__in=members.SEGMENT_UNITS[name](kept))

    return people


def _years() -> list:
    return [(year, str(year)) for year in members.participation_years()]


MEMBER_FILTERS: dict[str, Filter] = {
    "member_status": Filter(
        _("membership status"), _member_units("member_status"), lambda: list(Status.choices)
    ),
    "member_type": Filter(
        _("membership type"),
        _member_units("member_type"),
        lambda: [(t.key, t.display_name) for t in members.membership_types()],
    ),
    "industry": Filter(
        _("industry"),
        _member_units("industry"),
        lambda: [(name, name) for name in members.industries()],
    ),
    "took_part": Filter(_("took part in the year"), _member_units("took_part", int), _years),
    "did_not_take_part": Filter(
        _("member that did not take part in the year"),
        _member_units("did_not_take_part", int),
        _years,
    ),
}

ALL_FILTERS: dict[str, Filter] = {**FILTERS, **MEMBER_FILTERS}


def clean(segment: dict) -> dict:
    """Only known filters with at least one value."""
    return {
        name: list(values)
        for name, values in (segment or {}).items()
        if name in ALL_FILTERS and values
    }


def people_in(segment: dict) -> QuerySet[User]:
    people = User.objects.all()
    for name, values in clean(segment).items():
        people = people.filter(
            pk__in=User.objects.filter(ALL_FILTERS[name].people(values)).values("pk")
        )
    return people
