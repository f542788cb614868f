"""The quality commitment wall: sign (rate-limited per client), moderate, look."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page, changes_at
from qualitymonth.core.clients import client_address, client_digest, over_limit
from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.events import selectors, services
from qualitymonth.events.forms import CommitmentForm, ModerationForm
from qualitymonth.events.models import Commitment, CommitmentState


def _wall_key(request):
    """The event and the page as typed (core/cache.py); other parameters are not shown. What
    is not in its one canonical form (an unknown event, a page past the last) is answered but
    not kept (see `wall`), so made-up values make no entries."""
    parts = (request.GET.get("event", ""), request.GET.get("page", ""))
    return None if any(len(part) > 20 for part in parts) else parts


# Shown commitments and the event with its oath (events' rows); the form's CSRF token is each
# reader's own (forms=True). An event's signing closes when it ends: the page says when.
@anonymous_page("events", forms=True, key=_wall_key)
def wall(request):
    event = None
    typed_event = request.GET.get("event", "")
    event_pk = selectors.id_or_none(typed_event)
    if event_pk is not None:
        event = selectors.public_events().filter(pk=event_pk).first()
    # An ended event's signing board is closed; its signatures stay on show.
    can_sign = event is None or not event.is_over
    if event is not None and can_sign:
        changes_at(request, event.ends_at)
    form = CommitmentForm(request.POST or None) if can_sign else None
    refusal = _refused(request, form) if form is not None and request.method == "POST" else None
    if form is not None and request.method == "POST" and refusal is None:

        def sign(data):
            return services.sign_commitment(
                actor=request.user,
                event=event,
                name=data["name"],
                unit_name=data["unit_name"],
                pledge=data["pledge"],
                client=client_digest(client_address(request)),
            )

        if save_with(
            request,
            form,
            sign,
            _("Thank you. Your commitment appears on the wall once the secretariat has read it."),
        ):
            url = redirect("events:wall").url
            return redirect(f"{url}?event={event.pk}" if event else url)
    typed_page = request.GET.get("page", "")
    page = Paginator(selectors.wall(event).select_related("event"), 60).get_page(typed_page)
    response = render(
        request,
        "events/wall.html",
        {
            "page": page,
            "event": event,
            "query": f"event={event.pk}" if event else "",
            "form": form,
            "can_sign": can_sign,
            "can_moderate": request.user.has_perm("events.moderate_commitments"),
        },
        status=refusal or 200,
    )
    shown_event = str(event.pk) if event is not None else ""
    if typed_event != shown_event or typed_page not in ("", str(page.number)):
        # An unknown event, ` 5`, a page past the last: answered, never kept (core/cache.py
        # keeps no private response).
        patch_cache_control(response, private=True)
    return response


TOO_MANY = 429


def _refused(request, form) -> int | None:
    """None to go on; else the status to answer with. Robots fill the hidden field (they get
    the page back); people who sign too often are asked to wait (429, nothing stored)."""
    if request.POST.get("website"):
        form.add_error(None, _("This signature looks automated and was not accepted."))
        return 200
    if over_limit(request, group="events.commitment", rate=settings.COMMITMENT_RATE):
        form.add_error(
            None, _("Too many signatures from your connection. Please try again in an hour.")
        )
        return TOO_MANY
    return None


@permission_required("events.moderate_commitments")
def moderation(request):
    state = request.GET.get("state", CommitmentState.PENDING)
    if state not in CommitmentState.values:
        state = CommitmentState.PENDING
    page = Paginator(selectors.commitments_to_moderate(state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/moderation.html",
        {"page": page, "state": state, "states": CommitmentState.choices},
    )


@require_POST
@permission_required("events.moderate_commitments")
def moderate(request, pk):
    commitment = get_object_or_404(Commitment, pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        services.moderate_commitment(
            actor=request.user, commitment=commitment, state=form.cleaned_data["state"]
        )
        messages.success(
            request,
            _("%(name)s's commitment: %(state)s.")
            % {"name": commitment.name, "state": CommitmentState(form.cleaned_data["state"]).label},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("events:moderation")
    return redirect(back)
