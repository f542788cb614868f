"""Handlers for the event sections of the demo fixtures: series, events, commitments."""

import datetime
from collections import Counter

from django.utils import timezone

from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.phones import normalise_phone
from qualitymonth.demo.campaign_sections import campaign_by_year
from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.events.models import (
    AgendaItem,
    Checkpoint,
    Commitment,
    Event,
    EventUnit,
    Question,
    Registration,
    Series,
    Speaker,
    Venue,
)

EVENT_KEYS: dict[str, Event] = {}


def _with_traditional(row: dict, *fields: str) -> dict:
    """Simplified text from the fixture, Traditional made by OpenCC, English as written."""
    values = {}
    for field in fields:
        text = row.get(field) or ""
        values[field] = text
        values[f"{field}_zh_hant"] = to_traditional(text)
        if f"{field}_en" in row:
            values[f"{field}_en"] = row[f"{field}_en"] or ""
    return values


def _time(text) -> datetime.time:
    if isinstance(text, int):  # YAML reads 08:30 unquoted as sexagesimal minutes
        return datetime.time(text // 60, text % 60)
    hours, minutes = str(text).split(":")
    return datetime.time(int(hours), int(minutes))


def _starts_at(row: dict) -> datetime.datetime:
    if "starts_in_days" in row:
        day = timezone.localdate() + datetime.timedelta(days=row["starts_in_days"])
        return timezone.make_aware(datetime.datetime.combine(day, _time(row["at"])))
    value = row["starts_at"]
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return timezone.make_aware(value)


@section("series")
def load_series(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = _with_traditional(row, "name")
        values["description"] = row.get("description", "")
        save_if_changed(Series, {"key": row["key"]}, values, counts)
    return counts


@section("events")
def load_events(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        starts_at = _starts_at(row)
        campaign = campaign_by_year(row["campaign"]) if row.get("campaign") else None
        action = None
        if campaign and row.get("action"):
            action = campaign.actions.filter(number=str(row["action"])).first()
            if action is None:
                raise FixtureError(f"{row['key']}: no action {row['action']!r}")
        values = {
            "kind": row["kind"],
            "series": Series.objects.get(key=row["series"]) if row.get("series") else None,
            "number_in_series": row.get("number_in_series"),
            "campaign": campaign,
            "action": action,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=row.get("duration_minutes", 120)),
            "registration": row.get("registration", "open"),
            "requires_approval": row.get("requires_approval", False),
            "max_group_size": row.get("max_group_size", 10),
            "online_viewers": row.get("online_viewers", 0),
            "is_demo": "starts_in_days" in row,
            **_with_traditional(row, "title", "description", "oath"),
        }
        values.pop("title")
        event = save_if_changed(Event, {"title": row["title"]}, values, counts)
        EVENT_KEYS[row["key"]] = event
        _load_parts(event, row, counts)
    return counts


def _load_parts(event: Event, row: dict, counts: Counter) -> None:
    for unit_row in row.get("units", []):
        unit = unit_by_key(unit_row["unit"])
        save_if_changed(
            EventUnit, {"event": event, "unit": unit, "role": unit_row["role"]}, {}, counts
        )
    venues = {}
    for venue_row in row.get("venues", []):
        venue_starts = None
        if venue_row.get("at"):
            venue_starts = timezone.make_aware(
                datetime.datetime.combine(
                    timezone.localtime(event.starts_at).date(), _time(venue_row["at"])
                )
            )
        venues[venue_row["name"]] = save_if_changed(
            Venue,
            {"event": event, "name": venue_row["name"]},
            {
                "address": venue_row.get("address") or "",
                "capacity": venue_row.get("capacity"),
                "starts_at": venue_starts,
            },
            counts,
        )
    speakers = {}
    for order, speaker_row in enumerate(row.get("speakers", [])):
        values = _with_traditional(speaker_row, "affiliation", "topic")
        values.update(name_en=speaker_row.get("name_en", ""), order=order)
        speakers[speaker_row["name"]] = save_if_changed(
            Speaker, {"event": event, "name": speaker_row["name"]}, values, counts
        )
    for item in row.get("agenda", []):
        values = _with_traditional(item, "title")
        values.update(
            ends_at=_time(item["until"]) if item.get("until") else None,
            speaker=_named(speakers, item.get("speaker"), row["key"]),
            venue=_named(venues, item.get("venue"), row["key"]),
        )
        lookup = {"event": event, "starts_at": _time(item["at"]), "title": item["title"]}
        save_if_changed(
            AgendaItem, lookup, {k: v for k, v in values.items() if k != "title"}, counts
        )
    for order, question in enumerate(row.get("questions", [])):
        values = _with_traditional(question, "label")
        values.pop("label")
        values.update(
            kind=question.get("kind", "text"),
            choices="\n".join(question.get("choices", [])),
            required=question.get("required", False),
            position=order,
        )
        save_if_changed(Question, {"event": event, "label": question["label"]}, values, counts)
    for order, name in enumerate(row.get("checkpoints", [])):
        save_if_changed(Checkpoint, {"event": event, "name": name}, {"order": order}, counts)
    for person in row.get("registrations", []):
        _load_registration(event, venues, person, row["key"], counts)


def _named(objects: dict, name, key):
    if not name:
        return None
    if name not in objects:
        raise FixtureError(f"{key}: unknown name {name!r}")
    return objects[name]


def _load_registration(event, venues, person: dict, key: str, counts: Counter) -> None:
    checked_in = person.get("checked_in", False)
    save_if_changed(
        Registration,
        # Stored in E.164, as the registration service stores every number.
        {"event": event, "phone": normalise_phone(str(person["phone"]))},
        {
            "name": person["name"],
            "venue": _named(venues, person["venue"], key),
            "unit": unit_by_key(person["unit"]) if person.get("unit") else None,
            "status": person.get("status", "confirmed"),
            "checked_in_at": event.starts_at + datetime.timedelta(minutes=5)
            if checked_in
            else None,
            "is_demo": True,
        },
        counts,
    )


@section("commitments")
def load_commitments(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        event = EVENT_KEYS.get(row.get("event")) if row.get("event") else None
        save_if_changed(
            Commitment,
            {"name": row["name"], "pledge": row["pledge"]},
            {
                "event": event,
                "unit_name": row.get("unit_name", ""),
                "state": row.get("state", "pending"),
                "is_demo": True,
            },
            counts,
        )
    return counts
