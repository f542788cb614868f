from django.shortcuts import render
from django.views.decorators.http import require_GET

from qualitymonth.search import selectors
from qualitymonth.search.models import Kind


@require_GET
def results(request):
    query = str(request.GET.get("q") or "").strip()[: selectors.QUERY_CHARS]
    kind = str(request.GET.get("kind") or "")
    kind = kind if kind in Kind.values else ""
    groups = selectors.search(query, user=request.user, kind=kind) if query else []
    return render(
        request,
        "search/results.html",
        {"query": query, "kind": kind, "kinds": Kind.choices, "groups": groups},
    )
