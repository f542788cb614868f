"""首席质量官: the public registry, districts' batches, appointments by enterprises and
renewal by the holder."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page, changes_at
from qualitymonth.core.permissions import permission_required
from qualitymonth.training import selectors_classes as selectors
from qualitymonth.training.services import qualifications as services


def _search(request) -> str:
    return (request.GET.get("q") or "").strip()[:100]


def _next_lapse(qualifications):
    """The moment the first of the shown qualifications still valid today is shown as lapsed:
    the start of the day after its last valid day (Certificate.is_expired)."""
    today = timezone.localdate()
    last_days = [q.valid_until for q in qualifications if q.valid_until and q.valid_until >= today]
    if not last_days:
        return None
    day = min(last_days) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Qualifications and batches (training's tables) with their enterprises and districts
# (organizations' units); the search words, as the page shows them, are the page's key.
@anonymous_page("training", "organizations", key=lambda request: (_search(request),))
def registry(request):
    query = _search(request)
    qualifications = list(selectors.registry(query)[:200])
    changes_at(request, _next_lapse(qualifications))  # a qualification lapses with no write
    return render(
        request,
        "training/registry.html",
        {
            "query": query,
            "qualifications": qualifications,
            "batches": selectors.published_batches(),
        },
    )


def batch(request, pk):
    batch = selectors.get_batch_for(request.user, pk)
    can_publish = batch.published_at is None and request.user.has_perm(
        "training.publish_batch", batch.district
    )
    return render(
        request,
        "training/batch.html",
        {
            "batch": batch,
            "appointments": selectors.batch_appointments(batch),
            "candidates": selectors.candidates_for(batch) if can_publish else [],
            "can_publish": can_publish,
        },
    )


@login_required
@require_POST
def publish_batch(request, pk):
    batch = selectors.get_batch_for(request.user, pk)
    if not request.user.has_perm("training.publish_batch", batch.district):
        raise PermissionDenied
    try:
        chosen = {int(value) for value in request.POST.getlist("appointment")}
        services.publish_batch(actor=request.user, batch=batch, appointment_ids=chosen)
    except ValueError:
        messages.error(
            request,
            _("Choose appointments of enterprises in the district that are in no other batch."),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The batch is published."))
    return redirect(batch)


class AppointForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Enterprise"), queryset=None)
    number = forms.CharField(label=gettext_lazy("Qualification number"), max_length=40)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


@permission_required("training.appoint")
def appoint(request):
    units = selectors.units_appointing(request.user)
    form = AppointForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.appoint(
                    actor=request.user,
                    enterprise=form.cleaned_data["unit"],
                    number=form.cleaned_data["number"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The quality officer is appointed."))
                return redirect("training:appoint")
        status = 400
    return render(
        request,
        "training/appoint.html",
        {"form": form, "appointments": selectors.appointments_of(units)},
        status=status,
    )


@login_required
@require_POST
def renew(request, pk):
    qualification = selectors.qualification_of_holder(request.user, pk)
    try:
        services.renew_qualification(actor=request.user, qualification=qualification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your qualification is renewed."))
    return redirect("training:mine")
