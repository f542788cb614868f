"""Council-term pages: every figure over the term's years, read from stored values."""

from django.shortcuts import render

from qualitymonth.core.cache import anonymous_page
from qualitymonth.figures import selectors_terms


# The council's terms (members' tables) and the years they count.
@anonymous_page("members")
def terms(request):
    return render(request, "figures/terms.html", {"terms": selectors_terms.all_terms()})


def term(request, number):
    context = selectors_terms.term_page(number, public=True)
    return render(request, "figures/term.html", context)
