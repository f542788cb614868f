import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from qualitymonth.core.permissions import permission_required
from qualitymonth.newsletters import selectors, services
from qualitymonth.newsletters.forms import BouncesForm, NewsletterForm, SubscriptionsForm
from qualitymonth.newsletters.models import Newsletter, State

COMPOSE = "newsletters.compose"
# A transparent 1×1 GIF: the picture whose loading counts an open.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@login_required
def subscriptions(request):
    initial = {"categories": list(selectors.subscribed_category_ids(request.user))}
    form = SubscriptionsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_subscriptions(user=request.user, categories=form.cleaned_data["categories"])
        messages.success(request, _("Your newsletter choices are saved."))
        return redirect("newsletters:subscriptions")
    return render(request, "newsletters/subscriptions.html", {"form": form})


# A mail program's one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the signed
# token in the address is the proof. GET only shows the button (link scanners follow GETs).
@csrf_exempt
def unsubscribe(request, token):
    subscription = services.read_unsubscribe_token(token)
    if subscription is None:
        raise Http404
    done = subscription.ended_at is not None
    if request.method == "POST":
        services.unsubscribe(subscription)
        done = True
    return render(
        request, "newsletters/unsubscribe.html", {"subscription": subscription, "done": done}
    )


@permission_required(COMPOSE)
def index(request):
    return render(request, "newsletters/index.html", {"newsletters": selectors.newsletters()[:100]})


@permission_required(COMPOSE)
def edit(request, pk=None):
    newsletter = get_object_or_404(Newsletter, pk=pk) if pk else Newsletter()
    form = NewsletterForm(request.POST or None, instance=newsletter)
    if request.method == "POST" and newsletter.state == State.DRAFT and form.is_valid():
        newsletter = services.save_newsletter(
            actor=request.user,
            newsletter=form.instance,
            posts=form.cleaned_data["posts"],
            segment=form.segment(),
        )
        messages.success(request, _("Saved. Check the recipients before sending."))
        return redirect("newsletters:edit", pk=newsletter.pk)
    return _page(request, form, newsletter)


def _page(request, form, newsletter, bounces_form=None, *, status=200):
    context = {"form": form, "newsletter": newsletter}
    if newsletter.pk:
        context["preview"] = selectors.preview(newsletter)
        if newsletter.state != State.DRAFT:
            context["counts"] = selectors.get_newsletter(newsletter.pk)
            context["bounced"] = selectors.bounced_deliveries(newsletter)
            context["bounces_form"] = bounces_form or BouncesForm()
    return render(request, "newsletters/edit.html", context, status=status)


@require_POST
@permission_required(COMPOSE)
def bounces(request, pk):
    """The mail server's bounce list, pasted in: those deliveries count as bounced."""
    newsletter = get_object_or_404(Newsletter, pk=pk)
    form = BouncesForm(request.POST)
    if form.is_valid():
        try:
            marked, unknown = services.record_bounces(
                actor=request.user, newsletter=newsletter, text=form.cleaned_data["addresses"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)s deliveries are now counted as bounced.") % {"count": marked},
            )
            if unknown:
                messages.warning(
                    request,
                    _("Not sent to by this newsletter, so left out: %(addresses)s")
                    % {"addresses": "、".join(unknown[:20]) + ("…" if len(unknown) > 20 else "")},
                )
            return redirect("newsletters:edit", pk=pk)
    return _page(request, NewsletterForm(instance=newsletter), newsletter, form, status=400)


@require_safe
def opened(request, token):
    """The picture in a newsletter: loading it notes the delivery's first open. No sign-in;
    a forged token counts nothing and gets the same picture."""
    if request.method == "GET":
        services.record_open(token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
@permission_required(COMPOSE)
def send(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    try:
        count = services.queue(actor=request.user, newsletter=newsletter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Queued: the background worker sends it to %(count)s people in batches.")
            % {"count": count},
        )
    return redirect("newsletters:edit", pk=pk)
