"""Reads of posts and pages, already narrowed to what the reader may see.

A post is on its column from its publish time (to the minute, Asia/Shanghai as entered)
until its expiry: the worker records the state change (scheduled → published), but a reader
never waits for the worker, so the columns ask the clock themselves.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.organizations.models import Membership, Unit
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import staff_unit_ids, units_acted_for
from qualitymonth.publishing.models import (
    Attachment,
    Audience,
    Page,
    PageKey,
    Post,
    PostKind,
    PostState,
    Tag,
)

READABLE_STATES = (PostState.SCHEDULED, PostState.PUBLISHED)
YEARS = range(1900, 3000)
_SEGMENTS_MEMO = "_publishing_segments"


def _number(text, allowed=None) -> int | None:
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        return None
    value = int(text)
    return value if allowed is None or value in allowed else None


# --- who reads what ------------------------------------------------------------------------


def member_segments(user) -> frozenset[str] | None:
    """The member groups `user` reads for: "members", "level:<level>", "group:<key>" of the
    member units they act for. None for the secretariat (reads everything). Memoised on the
    user object, which lives as long as the request."""
    if is_secretariat(user):
        return None
    memo = getattr(user, _SEGMENTS_MEMO, None)
    if memo is not None:
        return memo
    units = units_acted_for(user, below=False)
    segments: set[str] = set()
    if units:
        rows = Membership.objects.filter(unit_id__in=units).values_list(
            "level", "industry_group__key"
        )
        for level, group in rows:
            segments.update({"members", f"level:{level}"})
            if group:
                segments.add(f"group:{group}")
    memo = frozenset(segments)
    if getattr(user, "is_authenticated", False):
        setattr(user, _SEGMENTS_MEMO, memo)
    return memo


def audience_key(user) -> str:
    """What decides which posts `user` reads, as a cache key part: two readers with the same
    key read exactly the same posts."""
    segments = member_segments(user)
    return "everything" if segments is None else "|".join(sorted(segments))


def _audience_filter(user) -> Q:
    segments = member_segments(user)
    if segments is None:
        return Q()
    allowed = Q(audience=Audience.PUBLIC)
    if "members" in segments:
        allowed |= Q(audience=Audience.MEMBERS) | Q(audience=Audience.SEGMENT, segment__in=segments)
    return allowed


def on_the_board(now: datetime.datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(state__in=READABLE_STATES, publish_at__lte=now) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )


def readable_posts(user, *, now=None) -> QuerySet[Post]:
    return Post.objects.filter(on_the_board(now), _audience_filter(user))


def public_posts(*, now=None) -> QuerySet[Post]:
    """What anyone may read (feeds, the API without a member's rights)."""
    return Post.objects.filter(on_the_board(now), audience=Audience.PUBLIC)


def _for_lists(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (
        posts.select_related("unit")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-publish_at", "-id")
    )


@dataclass
class ColumnFilters:
    kind: str = ""
    year: int | None = None
    tag: int | None = None
    unit: int | None = None
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, query, kind: str = "") -> "ColumnFilters":
        wanted = kind or query.get("kind", "")
        return cls(
            kind=wanted if wanted in PostKind.values else "",
            year=_number(query.get("year"), YEARS),
            tag=_number(query.get("tag")),
            unit=_number(query.get("unit")),
        )

    def as_query(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (("year", self.year), ("tag", self.tag), ("unit", self.unit))
            if value
        ]
        return "&".join(parts)


def column(user, filters: ColumnFilters, *, now=None) -> QuerySet[Post]:
    posts = readable_posts(user, now=now)
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    if filters.year:
        posts = posts.filter(publish_at__year=filters.year)
    if filters.tag:
        posts = posts.filter(tags__pk=filters.tag)
    if filters.unit:
        posts = posts.filter(unit_id=filters.unit)
    return _for_lists(posts)


def public_column(filters: ColumnFilters) -> QuerySet[Post]:
    """The column as anyone reads it (the API: members-only posts stay on the web pages)."""
    from django.contrib.auth.models import AnonymousUser

    return column(AnonymousUser(), filters)


def get_public_post(pk) -> Post:
    return get_object_or_404(
        public_posts().select_related("unit").prefetch_related("tags", "attachments"),
        pk=_number(pk),
    )


def latest_by_kind(user, *, per_kind: int = 5) -> dict[str, list[Post]]:
    """The newest posts of each column, for the notice board's front page (one query a
    column: seven small queries rather than one window query both databases must plan)."""
    posts = readable_posts(user)
    return {kind: list(_for_lists(posts.filter(kind=kind))[:per_kind]) for kind in PostKind.values}


def filter_choices(user, kind: str = "") -> dict:
    """Years, tags and units that have posts the reader can see (for the column's filters)."""
    posts = readable_posts(user)
    if kind:
        posts = posts.filter(kind=kind)
    years = sorted({moment.year for moment in posts.dates("publish_at", "year")}, reverse=True)
    tags = Tag.objects.filter(posts__in=posts).distinct().order_by("name")
    units = Unit.objects.filter(posts__in=posts).distinct().order_by("name")
    return {"years": years, "tags": list(tags), "units": list(units)}


def get_readable_post(user, pk) -> Post:
    """A post the reader may see; a members-only post is not there for anyone else."""
    pk = _number(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(
        readable_posts(user)
        .select_related("unit", "link_type")
        .prefetch_related("tags", "attachments", "revisions"),
        pk=pk,
    )


def get_readable_attachment(user, post_pk, pk) -> Attachment:
    post = get_readable_post(user, post_pk)
    return get_object_or_404(post.attachments.all(), pk=_number(pk))


def get_body_picture(user, post_pk, pk):
    """A body picture: of a post the reader may read, or of a draft they may open."""
    from qualitymonth.publishing.models import Picture

    picture = get_object_or_404(
        Picture.objects.select_related("post"), pk=_number(pk), post_id=_number(post_pk)
    )
    post = picture.post
    readable = readable_posts(user).filter(pk=post.pk).exists()
    if not readable and not user.has_perm("publishing.open_draft", post):
        raise Http404
    return picture


def related_posts(user, post: Post, *, limit: int = 5) -> list[Post]:
    """Posts sharing a tag with `post`, else of its kind; newest first."""
    tags = [tag.pk for tag in post.tags.all()]
    posts = readable_posts(user).exclude(pk=post.pk)
    shared = posts.filter(tags__pk__in=tags) if tags else posts.none()
    found = list(shared.annotate(shared=Count("tags")).order_by("-shared", "-publish_at")[:limit])
    if len(found) < limit:
        more = posts.filter(kind=post.kind).exclude(pk__in=[p.pk for p in found])
        found += list(more.order_by("-publish_at")[: limit - len(found)])
    return found


def posts_linked_to(user, obj) -> list[Post]:
    """The posts pointing at `obj` (a round, an event…) that the reader may see."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return list(
        readable_posts(user)
        .filter(link_type=content_type, link_id=obj.pk)
        .order_by("-publish_at", "-id")[:10]
    )


def posts_linked_to_any(user, objects) -> list[Post]:
    """The posts pointing at any of `objects` (all of one model) that the reader may see."""
    from django.contrib.contenttypes.models import ContentType

    objects = list(objects)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0])
    return list(
        readable_posts(user)
        .filter(link_type=content_type, link_id__in=[obj.pk for obj in objects])
        .order_by("-publish_at", "-id")[:20]
    )


def posts_of_tag(tag: Tag) -> QuerySet[Post]:
    return _for_lists(public_posts().filter(tags=tag))


def get_tag(pk) -> Tag:
    return get_object_or_404(Tag, pk=_number(pk))


# --- the editors' desk ---------------------------------------------------------------------


def _desk(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("unit", "created_by").order_by("-updated_at", "-id")


def posts_of(user) -> QuerySet[Post]:
    """The posts a person wrote or their unit's staff wrote, whatever their state."""
    units = staff_unit_ids(user)
    return _desk(Post.objects.filter(Q(created_by_id=user.pk) | Q(unit_id__in=units)))


def review_queue() -> QuerySet[Post]:
    return _desk(Post.objects.filter(state=PostState.IN_REVIEW)).order_by("updated_at", "id")


def scheduled_posts() -> QuerySet[Post]:
    return _desk(Post.objects.filter(state=PostState.SCHEDULED)).order_by("publish_at", "id")


def get_post_for(user, pk, perm: str = "publishing.open_draft") -> Post:
    """A post on the desk the person may open; another unit's draft answers 404."""
    post = get_object_or_404(
        Post.objects.select_related("unit", "created_by", "link_type").prefetch_related(
            "tags", "attachments"
        ),
        pk=_number(pk),
    )
    require_perm_or_404(user, perm, post)
    return post


def due_for_publishing(now: datetime.datetime) -> QuerySet[Post]:
    return Post.objects.filter(state=PostState.SCHEDULED, publish_at__lte=now)


def newly_expired(now: datetime.datetime) -> QuerySet[Post]:
    return Post.objects.filter(
        state=PostState.PUBLISHED, expire_at__lte=now, expired_at__isnull=True
    )


def author_units(user) -> QuerySet[Unit]:
    """Units a person may write for: their staff units (the secretariat: its association)."""
    units = set(staff_unit_ids(user))
    if is_secretariat(user):
        units |= set(units_acted_for(user, below=False))
    return Unit.objects.filter(pk__in=units).order_by("name")


# --- pages ---------------------------------------------------------------------------------


def get_page(key: str) -> Page:
    if key not in PageKey.values:
        raise Http404
    return Page.objects.filter(key=key).first() or Page(key=key, title=PageKey(key).label)
