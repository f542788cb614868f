"""A post's way to readers: draft → in review → (returned with a comment) → scheduled →
published → withdrawn. Each step is one transaction and one audit entry.

Editors (the secretariat) review, schedule, publish and withdraw. A unit's member activity
that the editors approved is published (or scheduled) by the unit itself.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.publishing import selectors
from qualitymonth.publishing.models import Post, PostKind, PostState


def _move(*, actor, post: Post, to: str, action: str, allowed_from, changes=None, fields=()):
    if post.state not in allowed_from:
        raise ValidationError(
            _("A post that is %(state)s cannot be %(target)s.")
            % {"state": post.get_state_display(), "target": PostState(to).label}
        )
    before = post.state
    post.state = to
    post.save(update_fields=["state", "updated_at", *fields])
    log_action(
        actor=actor,
        action=action,
        obj=post,
        changes={"state": [before, to], **(changes or {})},
    )
    return post


def _require(actor, perm: str, post: Post | None = None) -> None:
    if not actor.has_perm(perm, post):
        raise PermissionDenied


@transaction.atomic
def submit_for_review(*, actor, post: Post) -> Post:
    _require(actor, "publishing.edit_post", post)
    post.review_comment = ""
    return _move(
        actor=actor,
        post=post,
        to=PostState.IN_REVIEW,
        action="post.submit",
        allowed_from=(PostState.DRAFT, PostState.RETURNED),
        fields=["review_comment"],
    )


@transaction.atomic
def return_with_comment(*, actor, post: Post, comment: str) -> Post:
    _require(actor, "publishing.review_posts")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tell the author what to change.")})
    post.review_comment = comment
    return _move(
        actor=actor,
        post=post,
        to=PostState.RETURNED,
        action="post.return",
        allowed_from=(PostState.IN_REVIEW, PostState.APPROVED),
        changes={"comment": comment},
        fields=["review_comment"],
    )


@transaction.atomic
def approve_member_activity(*, actor, post: Post) -> Post:
    """The editors' yes to a unit's member activity: the unit then publishes it."""
    _require(actor, "publishing.review_posts")
    if post.kind != PostKind.MEMBER_ACTIVITY or post.unit_id is None:
        raise ValidationError(_("Only a unit's member activity is approved for the unit."))
    return _move(
        actor=actor,
        post=post,
        to=PostState.APPROVED,
        action="post.approve",
        allowed_from=(PostState.IN_REVIEW,),
    )


# Editors may publish straight from a draft of their own; others go through review.
_PUBLISHABLE = (
    PostState.DRAFT,
    PostState.RETURNED,
    PostState.IN_REVIEW,
    PostState.APPROVED,
    PostState.SCHEDULED,
    PostState.WITHDRAWN,
)


@transaction.atomic
def schedule(*, actor, post: Post, publish_at: datetime.datetime) -> Post:
    """Publish at `publish_at` (to the minute); the worker is asked to run then."""
    _require(actor, "publishing.publish_post", post)
    now = timezone.now()
    publish_at = publish_at.replace(second=0, microsecond=0)
    if publish_at <= now:
        raise ValidationError({"publish_at": _("Choose a time in the future, or publish now.")})
    if post.expire_at and post.expire_at <= publish_at:
        raise ValidationError(
            {"publish_at": _("The post would leave the column before it is published.")}
        )
    before = post.publish_at
    post.publish_at = publish_at
    _move(
        actor=actor,
        post=post,
        to=PostState.SCHEDULED,
        action="post.schedule",
        allowed_from=_PUBLISHABLE,
        changes={"publish_at": [_plain(before), _plain(publish_at)]},
        fields=["publish_at"],
    )
    from qualitymonth.publishing.tasks import publish_post

    transaction.on_commit(lambda: publish_post.using(run_after=publish_at).enqueue(post_id=post.pk))
    return post


def _plain(moment):
    return timezone.localtime(moment).isoformat() if moment else None


@transaction.atomic
def publish(*, actor, post: Post, now: datetime.datetime | None = None) -> Post:
    _require(actor, "publishing.publish_post", post)
    now = (now or timezone.now()).replace(microsecond=0)
    if post.expire_at and post.expire_at <= now:
        raise ValidationError(
            {"expire_at": _("The post's expiry has passed: change it before publishing.")}
        )
    return _published(actor=actor, post=post, now=now, allowed_from=_PUBLISHABLE)


def _published(*, actor, post: Post, now, allowed_from) -> Post:
    if post.state != PostState.SCHEDULED or not post.publish_at or post.publish_at > now:
        post.publish_at = now
    post.published_at = post.published_at or now
    return _move(
        actor=actor,
        post=post,
        to=PostState.PUBLISHED,
        action="post.publish",
        allowed_from=allowed_from,
        fields=["publish_at", "published_at"],
    )


@transaction.atomic
def withdraw(*, actor, post: Post, reason: str) -> Post:
    _require(actor, "publishing.review_posts")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the post is withdrawn.")})
    return _move(
        actor=actor,
        post=post,
        to=PostState.WITHDRAWN,
        action="post.withdraw",
        allowed_from=(PostState.SCHEDULED, PostState.PUBLISHED),
        changes={"reason": reason},
    )


def publish_due_posts(now: datetime.datetime | None = None) -> dict[str, int]:
    """The worker's round: scheduled posts whose minute has come are published, and
    published posts past their expiry are recorded as gone from the column. Safe to run
    twice; each post in its own transaction, so one bad row does not hold up the rest."""
    now = now or timezone.now()
    published = expired = 0
    for pk in list(selectors.due_for_publishing(now).values_list("pk", flat=True)):
        with transaction.atomic():
            post = Post.objects.select_for_update().filter(pk=pk).first()
            if post and post.state == PostState.SCHEDULED and post.publish_at <= now:
                _published(
                    actor=None, post=post, now=post.publish_at, allowed_from=(PostState.SCHEDULED,)
                )
                published += 1
    for pk in list(selectors.newly_expired(now).values_list("pk", flat=True)):
        with transaction.atomic():
            post = Post.objects.select_for_update().get(pk=pk)
            if post.expired_at is None:
                post.expired_at = now
                post.save(update_fields=["expired_at"])
                log_action(
                    actor=None,
                    action="post.expire",
                    obj=post,
                    changes={"expire_at": _plain(post.expire_at)},
                )
                expired += 1
    return {"published": published, "expired": expired}
