"""Where the records behind a figure are listed: the declaring app's own `records_url`, else
the public list page this map knows for it (an app that declares one replaces the entry)."""

from django.urls import NoReverseMatch, reverse

from qualitymonth.core.figures import Figure

KNOWN = {
    "events.held": lambda year: f"{reverse('events:list')}?year={year}&when=all",
    "campaigns.activity_reports": lambda year: reverse("campaigns:activity_list", args=[year]),
}


def records_url(figure: Figure, year: int) -> str:
    make = figure.records_url or KNOWN.get(figure.key)
    if make is None:
        return ""
    try:
        return make(year)
    except NoReverseMatch:  # the app's pages are not installed here
        return ""
