from functools import cache, lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualitymonth.core import perms_cache

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


# The page chrome's own links (base.html: `chrome_urls.<name>`).
CHROME_URLS = {
    "home": "home",
    "admin": "admin:index",
    "workspace": "campaigns:workspace",
    "people": "organizations:people_list",
    "profile": "profile",
    "login": "login",
    "logout": "logout",
    "set_language": "set_language",
    "api": "api:openapi-view",
}


@cache
def _chrome_urls(script_prefix: str) -> dict[str, str]:
    """The chrome's links, reversed once per process (and address prefix), as the menu's."""
    return {key: reverse(name) for key, name in CHROME_URLS.items()}


def _current_capability(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else None
    return "units" if app == "organizations" else app


@lru_cache(maxsize=512)
def _menu(script_prefix: str, language: str, current: str | None) -> str:
    """The sections' menu, rendered once per process for each address prefix, language (the
    active one, which the key names) and current section: drawing its dozen links on every
    page was half of the page chrome's render time."""
    return mark_safe(
        render_to_string(
            "chrome/capabilities.html",
            {"capabilities": _capabilities(script_prefix), "current_capability": current},
        )
    )


@lru_cache(maxsize=16)
def _language_options(language: str) -> str:
    """The language switch's choices, the active `language` selected."""
    return mark_safe(render_to_string("chrome/language_options.html", {"LANGUAGE_CODE": language}))


def navigation(request):
    # The reader's permissions (`perms`, the admin link) answered through the cache, once a
    # request for every template that asks, and kept for the person until data changes.
    perms = perms_cache.reader(request)
    return {
        # Callables: a template calls them when it reads the variable, and only then.
        "capabilities_menu": lambda: _menu(
            get_script_prefix(), get_language(), _current_capability(request)
        ),
        "language_options": lambda: _language_options(get_language()),
        "chrome_urls": lambda: _chrome_urls(get_script_prefix()),
        "perms": perms,
        "is_secretariat": lambda: perms.has("admin.use"),
    }
