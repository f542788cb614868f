"""Small makers for the front-door tests (home page, my work, search): objects of several
apps, made directly so that each test states only what it is about."""

import datetime
import itertools

from django.utils import timezone

from qualitymonth.awards.models import Notice, NoticeKind, Program, Round, RoundStatus, Rubric
from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.publishing.models import Audience, Post, PostKind, PostState

_n = itertools.count(1)


def make_event(title="第八期质量大讲堂", *, days=30, capacity=3, held=0, **values) -> Event:
    starts = timezone.now() + datetime.timedelta(days=days)
    event = Event.objects.create(
        kind="lecture",
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **values,
    )
    venue = Venue.objects.create(event=event, name="长宁区大会堂", capacity=capacity)
    for i in range(held):
        Registration.objects.create(
            event=event, venue=venue, name=f"听众{i}", phone=f"1380000{i:04d}", status="confirmed"
        )
    return event


def make_round(title="2026年QC小组成果发表", *, status=RoundStatus.OPEN, days=7) -> Round:
    n = next(_n)
    program = Program.objects.create(key=f"program-{n}", code=f"P{n}", name=f"项目{n}")
    return Round.objects.create(
        program=program,
        rubric=Rubric.objects.create(name=f"评分表{n}"),
        year=2026,
        title=title,
        status=status,
        closes_at=timezone.now() + datetime.timedelta(days=days),
        published_at=timezone.now(),
    )


def make_public_notice(title="2026年上海市质量信得过班组拟命名名单", *, days=5) -> Notice:
    round_ = make_round(title, status=RoundStatus.NOTICE, days=-10)
    today = timezone.localdate()
    return Notice.objects.create(
        round=round_,
        kind=NoticeKind.PROPOSED,
        published_at=timezone.now(),
        starts_on=today,
        ends_on=today + datetime.timedelta(days=days),
    )


def make_post(title="关于开展2025年上海市质量信得过班组活动的通知", **values) -> Post:
    """A published public post written straight to the database."""
    values.setdefault("kind", PostKind.NOTICE)
    values.setdefault("state", PostState.PUBLISHED)
    values.setdefault("audience", Audience.PUBLIC)
    values.setdefault("publish_at", timezone.now() - datetime.timedelta(days=1))
    values.setdefault("body_html", "<p>各区市场监管局、各会员单位：请按时申报。</p>")
    return Post.objects.create(title=title, **values)
