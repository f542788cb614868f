"""The editors' desk: my drafts, the review queue, the edit form with a preview, and the
steps of the workflow (publishing and withdrawing ask for a confirmation first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.publishing import links, selectors, services
from qualitymonth.publishing.forms import (
    CommentForm,
    ConfirmForm,
    PageForm,
    PostForm,
    ReasonForm,
    ScheduleForm,
)
from qualitymonth.publishing.models import PostKind, PostState

PER_PAGE = 30


@permission_required("publishing.write_posts")
def mine(request):
    page = Paginator(selectors.posts_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "publishing/desk_mine.html", {"page": page})


@permission_required("publishing.review_posts")
def queue(request):
    return render(
        request,
        "publishing/desk_queue.html",
        {
            "in_review": selectors.review_queue()[:100],
            "scheduled": selectors.scheduled_posts()[:100],
        },
    )


def _edit(request, post=None):
    units = selectors.author_units(request.user)
    initial = PostForm.initial_of(post) if post else {"kind": request.GET.get("kind", "")}
    if post is not None:
        initial["version"] = services.post_version(post)
    if post is None and units.count() == 1:
        initial["unit"] = units.first().pk
    form = PostForm(
        request.POST or None, request.FILES or None, units=units, post=post, initial=initial
    )
    saved = save_with(
        request,
        form,
        lambda data: services.save_post(actor=request.user, post=post, data=data),
        _("The post is saved."),
    )
    if saved:
        return redirect("publishing:draft", saved.pk)
    return render(request, "publishing/desk_edit.html", {"form": form, "post": post})


@permission_required("publishing.write_posts")
def new(request):
    return _edit(request)


@login_required
def edit(request, pk):
    return _edit(request, selectors.get_post_for(request.user, pk, "publishing.edit_post"))


@login_required
def draft(request, pk):
    """The post as readers will see it, with the steps open to this person."""
    post = selectors.get_post_for(request.user, pk)
    user = request.user
    return render(
        request,
        "publishing/desk_draft.html",
        {
            "post": post,
            "link": links.shown_link(user, post),
            "can_edit": user.has_perm("publishing.edit_post", post),
            "can_review": user.has_perm("publishing.review_posts"),
            "can_publish": user.has_perm("publishing.publish_post", post),
            "comment_form": CommentForm(),
            "schedule_form": ScheduleForm(initial={"publish_at": post.publish_at}),
            "is_member_activity": post.kind == PostKind.MEMBER_ACTIVITY,
            "PostState": PostState,
        },
    )


def _step(request, post, run, success):
    try:
        run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("publishing:draft", post.pk)


@require_POST
@login_required
def submit(request, pk):
    post = selectors.get_post_for(request.user, pk, "publishing.edit_post")
    return _step(
        request,
        post,
        lambda: services.submit_for_review(actor=request.user, post=post),
        _("The post is sent to the editors for review."),
    )


def _editor_post(request, pk):
    post = selectors.get_post_for(request.user, pk)
    require_perm_or_404(request.user, "publishing.review_posts", post)
    return post


@require_POST
@login_required
def return_post(request, pk):
    post = _editor_post(request, pk)
    form = CommentForm(request.POST)
    comment = form.data.get("comment", "")
    return _step(
        request,
        post,
        lambda: services.return_with_comment(actor=request.user, post=post, comment=comment),
        _("The post is returned to its author with your comment."),
    )


@require_POST
@login_required
def approve(request, pk):
    post = _editor_post(request, pk)
    return _step(
        request,
        post,
        lambda: services.approve_member_activity(actor=request.user, post=post),
        _("Approved: the unit may now publish its member activity."),
    )


@require_POST
@login_required
def schedule(request, pk):
    post = selectors.get_post_for(request.user, pk, "publishing.publish_post")
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("publishing:draft", post.pk)
    publish_at = form.cleaned_data["publish_at"]
    return _step(
        request,
        post,
        lambda: services.schedule(actor=request.user, post=post, publish_at=publish_at),
        _("The post is scheduled."),
    )


def _confirmed(request, post, *, template, run, success, form_class=ConfirmForm):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect("publishing:draft", post.pk)
    return render(request, template, {"post": post, "form": form})


@login_required
def publish(request, pk):
    post = selectors.get_post_for(request.user, pk, "publishing.publish_post")
    return _confirmed(
        request,
        post,
        template="publishing/desk_publish.html",
        run=lambda data: services.publish(actor=request.user, post=post),
        success=_("The post is published."),
    )


@login_required
def withdraw(request, pk):
    post = _editor_post(request, pk)
    return _confirmed(
        request,
        post,
        template="publishing/desk_withdraw.html",
        run=lambda data: services.withdraw(actor=request.user, post=post, reason=data["reason"]),
        success=_("The post is withdrawn."),
        form_class=ReasonForm,
    )


@require_POST
@permission_required("publishing.write_posts")
def draft_from(request, link, object_id):
    """The button on a round's, a notice's or an event's page: a pre-filled draft."""
    content_type = links.content_type_for(link)
    obj = links.visible_object(request.user, content_type, object_id)
    if obj is None:
        raise Http404
    try:
        post = services.draft_from(obj, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(links.KINDS[link].url(obj))
    messages.success(request, _("A draft is prepared: check it, then send it for review."))
    return redirect("publishing:edit", post.pk)


@permission_required("publishing.edit_pages")
def page_edit(request, key):
    page = selectors.get_page(key)
    form = PageForm(
        request.POST or None,
        initial={
            **{
                name: getattr(page, name)
                for name in (
                    "title",
                    "title_zh_hant",
                    "title_en",
                    "body",
                    "body_zh_hant",
                    "body_en",
                )
            },
            "version": services.page_version(page),
        },
    )
    saved = save_with(
        request,
        form,
        lambda data: services.save_page(actor=request.user, key=key, data=data),
        _("The page is saved."),
    )
    if saved:
        return redirect(saved.get_absolute_url())
    return render(request, "publishing/page_edit.html", {"form": form, "page": page})
