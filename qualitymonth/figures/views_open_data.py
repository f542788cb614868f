"""The open-data page: the worker's latest ZIP, described; never built on a request."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.figures import selectors
from qualitymonth.figures.services_open_data import queue_open_data


# The latest export (figures' tables); the secretariat's page has the form to build one.
@anonymous_page("figures")
def open_data(request):
    export = selectors.latest_export()
    return render(
        request,
        "figures/open_data.html",
        {
            "export": export,
            "datasets": selectors.open_data_listing(export),
            "can_manage": request.user.has_perm("figures.manage"),
        },
    )


def download(request):
    export = selectors.latest_export()
    if export is None or not export.file:
        raise Http404
    try:
        opened = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # lost from storage: the next nightly run writes it again
    name = f"qualitymonth-open-data-{export.created_at:%Y%m%d}.zip"
    response = FileResponse(opened, as_attachment=True, filename=name)
    response["ETag"] = f'"{export.digest[:32]}"'
    return response


@require_POST
@permission_required("figures.manage")
def regenerate(request):
    queue_open_data()
    messages.success(request, _("The open data is being generated; reload the page in a minute."))
    return redirect("figures:open_data")
