"""Honours from other bodies: an enterprise records one with its proof, the secretariat
confirms it, and confirmed honours are counted per level."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.quality import selectors, selectors_records
from qualitymonth.quality.forms import HonourForm
from qualitymonth.quality.models import Honour
from qualitymonth.quality.services import cases as services
from qualitymonth.quality.views.files import stored_file


@permission_required("quality.keep_records")
def honours(request):
    form = HonourForm(
        request.POST or None,
        request.FILES or None,
        enterprises=selectors.enterprises_kept_by(request.user),
    )

    def save(data):
        return services.record_honour(actor=request.user, **data)

    if save_with(
        request, form, save, _("The honour is recorded; the secretariat will confirm it.")
    ):
        return redirect("quality:honours")
    manages = request.user.has_perm("quality.manage")
    return render(
        request,
        "quality/honours.html",
        {
            "form": form,
            "honours": selectors_records.honours_kept_by(request.user),
            "to_confirm": selectors_records.honours_to_confirm() if manages else [],
            "levels": selectors_records.honoured_enterprises_by_level(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def confirm_honour(request, pk):
    if not request.user.has_perm("quality.manage"):
        raise PermissionDenied
    honour = get_object_or_404(Honour, pk=pk)
    try:
        services.confirm_honour(actor=request.user, honour=honour)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The honour is confirmed and counts from now on."))
    return redirect("quality:honours")


@login_required
def honour_proof(request, pk):
    honour = selectors_records.get_honour(request.user, pk)
    return stored_file(honour.proof, honour.proof_name)
