"""Posts in the JSON API: the public notice board, read-only (members-only posts stay on the
web pages, where a member signs in)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.publishing import selectors
from qualitymonth.publishing.models import Post, PostKind

router = Router(tags=["publishing"])


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str


class PostOut(Schema):
    id: int
    kind: str
    title: str
    title_zh_hant: str
    title_en: str
    document_number: str
    unit: str | None
    tags: list[str]
    publish_at: datetime
    expire_at: datetime | None
    url: str


class PostDetailOut(PostOut):
    body_html: str
    body_html_zh_hant: str
    body_html_en: str
    attachments: list[AttachmentOut]


class PostQuery(Schema):
    kind: str = Field("", max_length=20)
    year: str = Field("", max_length=10)
    tag: str = Field("", max_length=12)


def _post_out(post: Post, request) -> dict:
    return {
        "id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "title_zh_hant": post.title_zh_hant,
        "title_en": post.title_en,
        "document_number": post.document_number,
        "unit": post.unit.name if post.unit else None,
        "tags": [tag.name for tag in post.tags.all()],
        "publish_at": post.publish_at,
        "expire_at": post.expire_at,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }


def _checked(query: PostQuery) -> selectors.ColumnFilters:
    filters = selectors.ColumnFilters.from_query(query.model_dump())
    if query.kind and filters.kind != query.kind:
        raise HttpError(400, _("kind: use one of %(kinds)s.") % {"kinds": ", ".join(PostKind)})
    if query.year and filters.year is None:
        raise HttpError(400, _("year: give a year such as 2026."))
    if query.tag and filters.tag is None:
        raise HttpError(400, _("tag: give a tag's number."))
    return filters


@router.get(
    "/posts",
    response={200: list[PostOut], 400: ErrorOut},
    auth=ANYONE,
    summary="Public posts, newest first",
)
@paginate(BoundedPages)
def list_posts(request, filters: Query[PostQuery]):
    posts = selectors.public_column(_checked(filters))
    return LazyList(posts, lambda post: _post_out(post, request))


@router.get(
    "/posts/{int:pk}",
    response={200: PostDetailOut, 404: ErrorOut},
    auth=ANYONE,
    summary="One public post",
)
def get_post(request, pk: int):
    post = selectors.get_public_post(pk)
    return {
        **_post_out(post, request),
        "body_html": post.body_html,
        "body_html_zh_hant": post.body_html_zh_hant,
        "body_html_en": post.body_html_en,
        "attachments": [
            {
                "name": item.name,
                "content_type": item.content_type,
                "size": item.size,
                "url": request.build_absolute_uri(item.get_absolute_url()),
            }
            for item in post.attachments.all()
        ],
    }
