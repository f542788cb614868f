"""The secretariat's training figures."""

from django.shortcuts import render

from qualitymonth.core.permissions import permission_required
from qualitymonth.training import selectors, selectors_figures
from qualitymonth.training.models import Strand


@permission_required("training.see_figures")
def figures(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    data = selectors.training_figures(year)
    strands = dict(Strand.choices)
    for row in data["by_strand"]:
        row["label"] = strands.get(row["course__strand"], row["course__strand"])
    return render(
        request,
        "training/figures.html",
        {"figures": data, "years": selectors_figures.years(), "year": year},
    )
