"""The notice board as readers see it: columns, posts, their files, share cards, pages."""

import io

import segno
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from qualitymonth.core.cache import anonymous_page, fragment
from qualitymonth.core.links import absolute_url
from qualitymonth.publishing import links, selectors
from qualitymonth.publishing.models import COLUMN_TITLES, PostKind
from qualitymonth.publishing.views import column_cache

PER_PAGE = 20
ALL = "all"
# What the notice board's pages show: posts and tags, and units (authors' names). Any write
# to them gives the cached pages a new data version (core/cache.py). A post also enters and
# leaves its column with the clock, hence the short lifetime of the whole pages.
BOARD_DATA = column_cache.BOARD_DATA


@anonymous_page(*BOARD_DATA, lifetime=60)
def index(request):
    latest = selectors.latest_by_kind(request.user)
    columns = [(kind, COLUMN_TITLES[kind], latest[kind]) for kind in PostKind.values]
    return render(request, "publishing/index.html", {"columns": columns})


def _minute() -> str:
    """Cache key part: posts enter and leave the board with the clock, a minute at most late."""
    return timezone.now().strftime("%Y%m%d%H%M")


def _column_choices(request, filters):
    # The filters' years, tags and units scan the whole column: kept per column and per
    # audience (the member groups whose posts the reader may read; nothing else of theirs).
    return fragment(
        "publishing-column-choices",
        BOARD_DATA,
        lambda: selectors.filter_choices(request.user, filters.kind),
        filters.kind,
        selectors.audience_key(request.user),
        _minute(),
    )


def _render_column(request, kind, filters, choices, count=None):
    posts = selectors.column(request.user, filters)
    paginator = Paginator(posts, PER_PAGE)
    if count is not None:
        paginator.count = count  # known already: no second count query
    return render(
        request,
        "publishing/column.html",
        {
            "kind": kind,
            "title": COLUMN_TITLES.get(filters.kind, None),
            "page": paginator.get_page(request.GET.get("page")),
            "filters": filters,
            "choices": choices,
            "kinds": [(value, COLUMN_TITLES[value]) for value in PostKind.values],
        },
    )


@anonymous_page(*BOARD_DATA, lifetime=60)
def column(request, kind):
    if kind != ALL and kind not in PostKind.values:
        raise Http404
    filters = selectors.ColumnFilters.from_query(request.GET, "" if kind == ALL else kind)
    choices = _column_choices(request, filters)
    if request.GET and column_cache.is_visitor(request):
        # A visitor's filtered or later page (the address without a query string is cached
        # whole above): kept too, but only for addresses naming real choices and pages.
        cached = column_cache.page(
            request, kind, filters, choices, _minute(), _render_column, PER_PAGE
        )
        if cached is not None:
            return cached
    return _render_column(request, kind, filters, choices)


def post_detail(request, pk):
    post = selectors.get_readable_post(request.user, pk)
    page_url = absolute_url(post.get_absolute_url(), request)
    return render(
        request,
        "publishing/post.html",
        {
            "post": post,
            "page_url": page_url,
            "cover_url": absolute_url(reverse("publishing:cover", args=[post.pk]), request)
            if post.cover
            else "",
            "related": selectors.related_posts(request.user, post),
            "link": links.shown_link(request.user, post),
            "tags": list(post.tags.all()),
            "attachments": list(post.attachments.all()),
            "revisions": list(post.revisions.all()),
            "can_edit": request.user.has_perm("publishing.open_draft", post),
        },
    )


def _file(field, *, filename=None, as_attachment=False):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename)


def attachment(request, pk, file_pk):
    item = selectors.get_readable_attachment(request.user, pk, file_pk)
    response = _file(item.file, filename=item.name, as_attachment=True)
    response["Content-Type"] = item.content_type
    return response


def cover(request, pk):
    post = selectors.get_readable_post(request.user, pk)
    field = post.cover_thumbnail if request.GET.get("size") == "thumb" else post.cover
    return _file(field)


def picture(request, pk, picture_pk):
    return _file(selectors.get_body_picture(request.user, pk, picture_pk).image)


def qr(request, pk):
    """The post's address as a QR code, for sharing to WeChat from a screen (no outside API)."""
    post = selectors.get_readable_post(request.user, pk)
    svg = io.BytesIO()
    url = absolute_url(post.get_absolute_url(), request)
    segno.make(url, error="m").save(svg, kind="svg", scale=5, border=2, light="#fff")
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


def page(request, key):
    page = selectors.get_page(key)
    return render(
        request,
        "publishing/page.html",
        {"page": page, "can_edit": request.user.has_perm("publishing.edit_pages")},
    )
