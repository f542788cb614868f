"""Handlers for the sections of the demo fixture files."""

from collections import Counter

from qualitymonth.core.chinese import to_traditional
from qualitymonth.demo.loader import DEMO_PASSWORD, FixtureError, save_if_changed, section
from qualitymonth.organizations.models import Membership, Position, Unit, User

UNIT_TEXT_FIELDS = [
    "name",
    "name_zh_hant",
    "name_en",
    "short_name",
    "credit_code",
    "division_code",
    "contact_person",
    "phone",
    "email",
    "address",
    "website",
    "description",
]


def unit_by_key(key: str | None) -> Unit | None:
    if not key:
        return None
    unit = Unit.objects.filter(key=key).first()
    if unit is None:
        raise FixtureError(f"unknown unit key {key!r}")
    return unit


@section("units")
def load_units(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = {field: str(row.get(field, "")) for field in UNIT_TEXT_FIELDS}
        values["name_zh_hant"] = values["name_zh_hant"] or to_traditional(values["name"])
        values["kind"] = row["kind"]
        values["parent"] = unit_by_key(row.get("parent"))
        values["district"] = unit_by_key(row.get("district"))
        save_if_changed(Unit, {"key": row["key"]}, values, counts)
    return counts


@section("memberships")
def load_memberships(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        save_if_changed(
            Membership,
            {"association": unit_by_key(row["association"]), "unit": unit_by_key(row["unit"])},
            {
                "level": row["level"],
                "joined_on": row.get("joined_on"),
                "industry_group": unit_by_key(row.get("industry_group")),
            },
            counts,
        )
    return counts


@section("people")
def load_people(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(username=row["username"])
            user.set_password(DEMO_PASSWORD)
        before = (user.pk, user.display_name, user.email)
        user.display_name = row.get("display_name", "")
        user.email = row.get("email", "")
        if before != (user.pk, user.display_name, user.email):
            counts["created" if before[0] is None else "updated"] += 1
            user.save()
        else:
            counts["unchanged"] += 1
        for position in row.get("positions", []):
            save_if_changed(
                Position,
                {"user": user, "unit": unit_by_key(position["unit"]), "role": position["role"]},
                {"title": position.get("title", "")},
                Counter(),
            )
    return counts
