"""Handlers for the publishing sections of the demo fixtures: the notice board and pages.

Past posts cannot go through the workflow at today's date, so rows are written directly,
each through `save_if_changed` (keyed by title), with bodies rendered and sanitised by the
same code as the editors' (publishing.bodies) and Traditional Chinese drafted by OpenCC.
The award decisions take their text and lists from the rounds' notices through the same
helper the "prepare a post" button uses.
"""

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from qualitymonth.awards.models import Notice
from qualitymonth.core.chinese import to_traditional, to_traditional_phrases
from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.events.models import Event
from qualitymonth.publishing import bodies
from qualitymonth.publishing.models import Audience, BodyFormat, Page, Post, PostState, Tag
from qualitymonth.publishing.services import drafts

ASSOCIATION = "sqa"


def _moment(value) -> datetime.datetime:
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if not isinstance(value, datetime.datetime):
        raise FixtureError(f"not a date and time: {value!r}")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _texts(title: str, body: str, *, title_en="", body_en="") -> dict:
    body_zh_hant = to_traditional_phrases(body)
    return {
        "title_zh_hant": to_traditional(title),
        "title_en": title_en,
        "body_format": BodyFormat.MARKDOWN,
        "body": body,
        "body_zh_hant": body_zh_hant,
        "body_en": body_en,
        "body_html": bodies.render(body, BodyFormat.MARKDOWN),
        "body_html_zh_hant": bodies.render(body_zh_hant, BodyFormat.MARKDOWN),
        "body_html_en": bodies.render(body_en, BodyFormat.MARKDOWN),
    }


def _save_post(row: dict, values: dict, counts: Counter, *, link=None) -> Post:
    publish_at = _moment(row["publish_at"]) if row.get("publish_at") else values.pop("publish_at")
    values.update(
        kind=values.get("kind", row.get("kind")),
        unit=unit_by_key(row.get("unit", ASSOCIATION)),
        audience=row.get("audience", Audience.PUBLIC),
        document_number=row.get("document_number", ""),
        publish_at=publish_at,
        published_at=publish_at,
        state=PostState.PUBLISHED,
        is_demo=True,
    )
    if link is not None:
        values.update(link_type=ContentType.objects.get_for_model(link), link_id=link.pk)
    post = save_if_changed(Post, {"title": row["title"]}, values, counts)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in row.get("tags", [])]
    if set(post.tags.all()) != set(tags):
        post.tags.set(tags)
    return post


@section("publishing_pages")
def load_pages(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = _texts(
            row["title"], row.get("body", ""), title_en=row.get("title_en", ""),
            body_en=row.get("body_en", ""),
        )  # fmt: skip
        for name in ("body_format",):
            values.pop(name)
        values["title"] = row["title"]
        save_if_changed(Page, {"key": row["key"]}, values, counts)
    return counts


@section("publishing_posts")
def load_posts(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = _texts(row["title"], row["body"].strip(), title_en=row.get("title_en", ""))
        _save_post(row, values, counts)
    return counts


@section("publishing_writeups")
def load_writeups(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        event = Event.objects.filter(title=row["event"]).first()
        if event is None:
            raise FixtureError(f"unknown event {row['event']!r}")
        values = _texts(row["title"], row["body"].strip())
        values["kind"] = "writeup"
        _save_post(row, values, counts, link=event)
    return counts


@section("publishing_decisions")
def load_decisions(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        notice = (
            Notice.objects.filter(round__title=row["round"], kind=row["notice"])
            .select_related("round")
            .first()
        )
        if notice is None:
            raise FixtureError(f"no {row['notice']} notice of {row['round']!r}")
        prepared = drafts.prepared_from(notice)
        body = f"（演示数据）{prepared['body']}"
        values = _texts(row["title"], body)
        values.update(kind=prepared["kind"], expire_at=prepared.get("expire_at"))
        values["publish_at"] = prepared["publish_at"]
        _save_post(row, values, counts, link=notice)
    return counts
