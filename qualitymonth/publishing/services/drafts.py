"""A post pre-filled from what the platform already knows, so nothing is typed twice.

Opening a call gives a call for applications with the round's text, deadline and link; a
public notice (公示) a notice that leaves the column when the notice period ends; a final
list a decision listing the winners; an event a notice before it and a write-up after it,
with its first photo as the cover. The draft is saved through `save_post` (the same checks
and audit trail as one typed by hand) and the editor opens it to finish.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards import selectors as award_selectors
from qualitymonth.awards.models import Notice, NoticeKind, Round
from qualitymonth.events.models import Event
from qualitymonth.publishing import links, selectors
from qualitymonth.publishing.models import BodyFormat, Post, PostKind
from qualitymonth.publishing.services.editing import save_post
from qualitymonth.publishing.services.prepared import BUILDERS


def _day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def _from_round(round_: Round) -> dict:
    parts = [round_.call, round_.eligibility and f"**申报条件**\n\n{round_.eligibility}"]
    parts.append(f"申报截止时间：{_day(round_.closes_at)}。")
    return {
        "kind": PostKind.CALL,
        "title": round_.title,
        "title_zh_hant": round_.title_zh_hant,
        "title_en": round_.title_en,
        "body": "\n\n".join(part for part in parts if part),
        "body_en": round_.call_en,
        "publish_at": round_.published_at,
        "expire_at": round_.closes_at,
    }


def _entries(notice: Notice) -> str:
    lines = []
    for entry in award_selectors.notice_entries(notice):
        grade = f"（{entry.grade.name}）" if entry.grade_id else ""
        lines.append(f"1. {entry.holder_name}：{entry.title}{grade}")
    return "\n".join(lines)


def _from_notice(notice: Notice) -> dict:
    round_ = notice.round
    proposed = notice.kind == NoticeKind.PROPOSED
    title = f"{round_.title}拟授奖名单公示" if proposed else f"关于发布{round_.title}获奖名单的决定"
    period = ""
    if proposed and notice.starts_on and notice.ends_on:
        period = f"公示期：{_date(notice.starts_on)}至{_date(notice.ends_on)}。"
    body = "\n\n".join(part for part in (notice.text, period, _entries(notice)) if part)
    return {
        "kind": PostKind.NOTICE if proposed else PostKind.DECISION,
        "title": title,
        "body": body,
        "body_en": notice.text_en,
        "publish_at": notice.published_at,
        "expire_at": _end_of(notice.ends_on) if proposed and notice.ends_on else None,
    }


def _from_event(event: Event) -> dict:
    over = event.is_over
    when = f"活动时间：{_day(event.starts_at)}至{_day(event.ends_at)}。"
    return {
        "kind": PostKind.WRITE_UP if over else PostKind.NOTICE,
        "title": f"{event.title}活动纪实" if over else f"关于举办{event.title}的通知",
        "title_en": event.title_en,
        "body": "\n\n".join(part for part in (when, event.description) if part),
        "body_en": event.description_en,
        "expire_at": None if over else event.ends_at,
    }


def _event_cover(event: Event):
    photo = event.photos.order_by("order", "pk").first()
    if photo is None or not photo.image:
        return None
    try:
        with photo.image.open("rb") as stored:
            return SimpleUploadedFile(photo.image.name.rsplit("/", 1)[-1], stored.read())
    except OSError:  # a row whose file is missing: no cover rather than no draft
        return None


def prepared_from(obj) -> dict:
    """The post's fields as `obj` gives them (also used by the demo's notice board)."""
    if isinstance(obj, Round):
        return _from_round(obj)
    if isinstance(obj, Notice):
        return _from_notice(obj)
    if isinstance(obj, Event):
        return {**_from_event(obj), "cover": _event_cover(obj)}
    if type(obj) in BUILDERS:
        return BUILDERS[type(obj)](obj)
    raise ValidationError(_("No post can be prepared from this."))


def draft_from(obj, user) -> Post:
    """A draft post about `obj` (an award round, a public notice or final list, an event, a
    survey round, a campaign or plan action, a citizen-service category) with its title,
    dates, link and files filled in, saved for `user` to finish."""
    if not user.has_perm("publishing.write_posts"):
        raise PermissionDenied
    data = prepared_from(obj)
    content_type = ContentType.objects.get_for_model(obj)
    # A date already past is not a publishing time: the editor schedules or publishes it.
    if data.get("publish_at") and data["publish_at"] <= timezone.now():
        data["publish_at"] = None
    if data.get("expire_at") and data["expire_at"] <= timezone.now():
        data["expire_at"] = None
    data.update(
        body_format=BodyFormat.MARKDOWN,
        unit=selectors.author_units(user).first(),
        link_type=links.key_of(content_type),
        link_id=obj.pk,
    )
    return save_post(actor=user, data=data)
