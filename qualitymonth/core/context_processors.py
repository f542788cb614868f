from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

# The capabilities in the order users meet them; url None marks one still to come.
CAPABILITIES = [
    ("campaigns", _("Campaigns"), "campaigns:latest"),
    ("events", _("Events"), "events:list"),
    ("awards", _("Recognition"), "awards:index"),
    ("surveys", _("Surveys"), "surveys:index"),
    ("enquiries", _("Citizen services"), "enquiries:index"),
    ("training", _("Training"), "training:catalogue"),
    ("publishing", _("News"), "publishing:index"),
    ("members", _("Members"), "members:index"),
    ("quality", _("Quality teams"), "quality:counts"),
    ("standards", _("Group standards"), "standards:catalogue"),
    ("figures", _("The year in figures"), "figures:index"),
    ("units", _("Units"), "organizations:unit_list"),
]


@cache
def _capabilities(script_prefix: str) -> list[tuple]:
    """The navigation with its addresses reversed once per process: reversing a dozen names on
    every page was a third of the page chrome's render time. Labels stay lazy (the reader's
    language); the script prefix is the key because an address includes it."""
    return [
        (key, label, reverse(url_name) if url_name else None)
        for key, label, url_name in CAPABILITIES
    ]


def _current_capability(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else None
    return "units" if app == "organizations" else app


def _is_secretariat(request) -> bool:
    """Asked once a request however many templates a page renders, and only when one asks."""
    if not hasattr(request, "_is_secretariat"):
        user = getattr(request, "user", None)
        request._is_secretariat = bool(
            user and user.is_authenticated and user.has_perm("admin.use")
        )
    return request._is_secretariat


def navigation(request):
    return {
        # Callables: a template calls them when it reads the variable, and only then.
        "capabilities": lambda: _capabilities(get_script_prefix()),
        "current_capability": lambda: _current_capability(request),
        "is_secretariat": lambda: _is_secretariat(request),
    }
