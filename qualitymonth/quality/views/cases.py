"""The public case library and promoting a result to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.quality import selectors, selectors_records
from qualitymonth.quality.models import Industry, Method
from qualitymonth.quality.services import cases as services


def _filters(request) -> tuple[str, str, str, bool]:
    """The words cut to their limit, a known industry and method, and whether with patents:
    all the page shows of its query string (the key it is kept under, core/cache.py)."""
    query = (request.GET.get("q") or "").strip()[:100]
    industry = request.GET.get("industry", "")
    method = request.GET.get("method", "")
    return (
        query,
        industry if industry in Industry.values else "",
        method if method in Method.values else "",
        request.GET.get("patents") == "1",
    )


# Cases (quality's) and their enterprises (organizations' units).
@anonymous_page("quality", "organizations", key=lambda request: tuple(map(str, _filters(request))))
def cases(request):
    query, industry, method, patents = _filters(request)
    return render(
        request,
        "quality/cases.html",
        {
            "cases": selectors_records.search_cases(
                query=query,
                industry=industry,
                method=method,
                patents=patents,
            )[:200],
            "query": query,
            "industries": Industry.choices,
            "methods": Method.choices,
        },
    )


@login_required
@require_POST
def promote(request, pk):
    result = selectors.get_result(request.user, pk, perm="quality.edit_record")
    patents = request.POST.get("patents", "0")
    try:
        services.promote_result(
            actor=request.user,
            result=result,
            consent=request.POST.get("consent") == "on",
            summary=request.POST.get("summary", ""),
            benefits=request.POST.get("benefits", ""),
            patents=int(patents) if patents.isdigit() else 0,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is in the case library."))
    return redirect(result)
