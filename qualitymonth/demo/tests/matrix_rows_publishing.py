"""Permission-matrix rows of publishing (the notice board and the editors' desk).

The posts the rows open are made inside each row's savepoint (rolled back): a public post,
a post for member units only (SAIC-GM is a council member of the association; the Huangpu
bureau, Baoshan's and the association's own reviewers are not), and a draft written by
SAIC-GM's reporter for SAIC-GM.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from qualitymonth.demo.tests import matrix_objects as o
from qualitymonth.demo.tests.matrix import (
    API_OK,
    EVERYONE,
    FILE,
    NOT_FOUND,
    POST_ONLY,
    WRITES,
    Row,
    answers,
    private,
    staff_page,
)
from qualitymonth.publishing.models import Attachment, Audience, Post, PostKind, PostState, Tag

STAFF = ("own_admin", "own_reporter", "other_admin", "other_reporter")
AUTHORS = (*STAFF, "secretariat")
SGM_SIDE = ("own_admin", "own_reporter", "secretariat")
PUBLIC_TITLE = "矩阵测试：公开通知"
MEMBERS_TITLE = "矩阵测试：会员活动"
DRAFT_TITLE = "矩阵测试：上汽通用的草稿"


def _post(title, **values) -> Post:
    values.setdefault("state", PostState.PUBLISHED)
    values.setdefault("publish_at", timezone.now() - datetime.timedelta(hours=1))
    values.setdefault("body_html", "<p>矩阵测试</p>")
    return Post.objects.create(kind=values.pop("kind", PostKind.NOTICE), title=title, **values)


def public_post():
    return [_post(PUBLIC_TITLE).pk]


def public_post_with_cover():
    post = _post(PUBLIC_TITLE)
    post.cover = default_storage.save("publishing/matrix/cover.png", ContentFile(o.PNG))
    post.save(update_fields=["cover"])
    return [post.pk]


def public_picture():
    from qualitymonth.publishing.models import Picture

    post = _post(PUBLIC_TITLE)
    name = default_storage.save("publishing/matrix/picture.png", ContentFile(o.PNG))
    return [post.pk, Picture.objects.create(post=post, image=name, name="picture.png").pk]


def members_post():
    return [_post(MEMBERS_TITLE, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS).pk]


def members_attachment():
    post = _post(MEMBERS_TITLE, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    name = default_storage.save("publishing/matrix/file.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    attachment = Attachment.objects.create(
        post=post, file=name, name="活动方案.pdf", content_type="application/pdf", size=15
    )
    return [post.pk, attachment.pk]


def public_tag():
    tag = Tag.objects.create(name="矩阵测试标签")
    _post(PUBLIC_TITLE).tags.add(tag)
    return [tag.pk]


def sgm_draft():
    post = _post(
        DRAFT_TITLE,
        state=PostState.DRAFT,
        publish_at=None,
        unit=o.unit("saic-gm"),
        created_by=o.user("sgm-reporter"),
    )
    return [post.pk]


def sgm_draft_in_review():
    post = _post(
        DRAFT_TITLE,
        state=PostState.IN_REVIEW,
        kind=PostKind.MEMBER_ACTIVITY,
        publish_at=None,
        unit=o.unit("saic-gm"),
        created_by=o.user("sgm-reporter"),
    )
    return [post.pk]


def round_for_draft():
    return ["awards.round", o.public_round()[0]]


def post_count():
    return Post.objects.count()


def draft_state():
    return tuple(Post.objects.filter(title=DRAFT_TITLE).values_list("state", "title"))


ALL_POST_ONLY = answers(POST_ONLY)
# The author's side opens its draft; everyone else finds nothing there.
DRAFT_OPEN = private(*SGM_SIDE)
DRAFT_WRITE = private(*SGM_SIDE, answer=WRITES)
EDITOR_OPEN = private("secretariat")
EDITOR_WRITE = private("secretariat", answer=WRITES)

PUBLISHING = [
    Row("publishing:index", EVERYONE),
    Row("publishing:column", EVERYONE, args=lambda: ["notice"]),
    Row("publishing:column_rss", answers(FILE), args=lambda: ["all"]),
    Row("publishing:column_atom", answers(FILE), args=lambda: ["notice"]),
    Row("publishing:tag_rss", answers(FILE), args=public_tag),
    Row("publishing:tag_atom", answers(FILE), args=public_tag),
    Row("publishing:post", EVERYONE, args=public_post, title=lambda: PUBLIC_TITLE),
    Row("publishing:cover", answers(FILE), args=public_post_with_cover),
    Row("publishing:qr", answers(FILE), args=public_post),
    Row("publishing:picture", answers(FILE), args=public_picture),
    # A members-only post's file: member units' staff and the secretariat; nobody else
    # (signed in or not) is told it exists.
    Row(
        "publishing:attachment",
        private(*SGM_SIDE, answer=FILE, anonymous=NOT_FOUND),
        args=members_attachment,
    ),
    Row("publishing:page", EVERYONE, args=lambda: ["about"]),
    Row(
        "publishing:page_edit",
        staff_page("secretariat"),
        args=lambda: ["privacy"],
        post=staff_page("secretariat", answer=WRITES),
    ),
    Row("publishing:mine", staff_page(*AUTHORS)),
    Row("publishing:queue", staff_page("secretariat")),
    Row(
        "publishing:new",
        staff_page(*AUTHORS),
        post=staff_page(*AUTHORS, answer=WRITES),
        watch=post_count,
    ),
    Row("publishing:draft", DRAFT_OPEN, args=sgm_draft, title=lambda: DRAFT_TITLE),
    Row(
        "publishing:edit",
        DRAFT_OPEN,
        args=sgm_draft,
        title=lambda: DRAFT_TITLE,
        post=DRAFT_WRITE,
        watch=draft_state,
    ),
    Row("publishing:submit", ALL_POST_ONLY, args=sgm_draft, post=DRAFT_WRITE, watch=draft_state),
    Row(
        "publishing:return",
        ALL_POST_ONLY,
        args=sgm_draft_in_review,
        post=EDITOR_WRITE,
        watch=draft_state,
        data={"comment": "请修改"},
    ),
    Row(
        "publishing:approve",
        ALL_POST_ONLY,
        args=sgm_draft_in_review,
        post=EDITOR_WRITE,
        watch=draft_state,
    ),
    Row(
        "publishing:schedule",
        ALL_POST_ONLY,
        args=sgm_draft,
        post=EDITOR_WRITE,
        watch=draft_state,
    ),
    Row(
        "publishing:publish",
        EDITOR_OPEN,
        args=sgm_draft,
        title=lambda: DRAFT_TITLE,
        post=EDITOR_WRITE,
        watch=draft_state,
        data={"confirm": "on"},
    ),
    Row(
        "publishing:withdraw",
        EDITOR_OPEN,
        args=sgm_draft,
        title=lambda: DRAFT_TITLE,
        post=EDITOR_WRITE,
        watch=draft_state,
        data={"reason": "矩阵"},
    ),
    Row(
        "publishing:draft_from",
        ALL_POST_ONLY,
        args=round_for_draft,
        post=staff_page(*AUTHORS, answer=WRITES),
        watch=post_count,
    ),
]

# The API gives public posts to anyone (members-only posts are read on the web pages; the
# app's tests check they are not in the API).
API_PUBLISHING = [
    Row("api:list_posts", answers(API_OK)),
    Row("api:get_post", answers(API_OK), args=public_post),
]

ROWS = {"publishing": PUBLISHING, "api_publishing": API_PUBLISHING}
