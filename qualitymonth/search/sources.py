"""What each indexed kind contributes: which objects are public, and their entry's fields.

Search reads the other apps' models (never the other way round). Indexed: published and
scheduled posts (a members-only or one-group post carries its audience, and the search
shows it only to readers of that audience), published events, award rounds past their
preparation, active units.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import strip_tags

from qualitymonth.awards.models import Round, RoundStatus
from qualitymonth.events.models import Event
from qualitymonth.organizations.models import Unit
from qualitymonth.publishing.models import Audience, Post, PostState
from qualitymonth.search.models import Kind

SUMMARY_CHARS = 120
POST_STATES = (PostState.SCHEDULED, PostState.PUBLISHED)


@dataclass
class Source:
    kind: str
    model: type
    public: dict  # filter() of the objects that are indexed
    is_public: Callable  # the same test on one object in memory (on save: no query)

    def fields(self, obj) -> dict:
        return FIELDS[self.kind](obj)


def _summary(text: str) -> str:
    text = " ".join(strip_tags(text or "").split())
    return text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")


def post_audience(post: Post) -> str:
    if post.audience == Audience.MEMBERS:
        return "members"
    if post.audience == Audience.SEGMENT:
        # A group without a name is read by no member: it is found by the secretariat only.
        return post.segment or "segment:"
    return ""


def _post(post: Post) -> dict:
    body = strip_tags(post.body_html or post.body)
    return {
        "titles": [post.title, post.title_en, post.document_number],
        "body": body,
        "title": post.title,
        "title_zh_hant": post.title_zh_hant,
        "title_en": post.title_en,
        "summary": _summary(body),
        "url": post.get_absolute_url(),
        "date": post.publish_at,
        "visible_from": post.publish_at,
        "visible_until": post.expire_at,
        "audience": post_audience(post),
    }


def _event(event: Event) -> dict:
    return {
        "titles": [event.title, event.title_en],
        "body": event.description,
        "title": event.title,
        "title_zh_hant": event.title_zh_hant,
        "title_en": event.title_en,
        "summary": _summary(event.description),
        "url": event.get_absolute_url(),
        "date": event.starts_at,
    }


def _round(round_: Round) -> dict:
    return {
        "titles": [round_.title, round_.title_en],
        "body": round_.call,
        "title": round_.title,
        "title_zh_hant": round_.title_zh_hant,
        "title_en": round_.title_en,
        "summary": _summary(round_.call),
        "url": round_.get_absolute_url(),
        "date": round_.closes_at,
    }


def _unit(unit: Unit) -> dict:
    from django.urls import reverse

    return {
        "titles": [unit.name, unit.short_name, unit.name_en],
        "body": unit.description,
        "title": unit.name,
        "title_zh_hant": unit.name_zh_hant,
        "title_en": unit.name_en,
        "summary": _summary(unit.get_kind_display()),
        "url": reverse("organizations:unit_detail", args=[unit.pk]),
        "date": None,
    }


FIELDS = {Kind.POST: _post, Kind.EVENT: _event, Kind.ROUND: _round, Kind.UNIT: _unit}
ROUND_STATES = [status for status in RoundStatus.values if status != RoundStatus.DRAFT]
SOURCES = [
    Source(
        Kind.POST,
        Post,
        {"state__in": POST_STATES},
        lambda post: post.state in POST_STATES,
    ),
    Source(Kind.EVENT, Event, {"is_published": True}, lambda event: event.is_published),
    Source(Kind.ROUND, Round, {"status__in": ROUND_STATES}, lambda r: r.status in ROUND_STATES),
    Source(Kind.UNIT, Unit, {"is_active": True}, lambda unit: unit.is_active),
]
BY_MODEL = {source.model: source for source in SOURCES}
