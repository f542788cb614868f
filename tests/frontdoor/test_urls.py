"""The root URLs (qualitymonth/urls.py): each app's patterns are tried only for addresses that
start as one of its own does, which must change no address and lose no page."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch


def _names(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api"):  # the admin's and django-ninja's own
                continue
            inner = pattern.namespace
            yield from _names(pattern, f"{namespace}:{inner}" if namespace and inner else inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_address_without_arguments_resolves_back_to_its_own_name():
    checked = 0
    for name in set(_names(get_resolver())):
        try:
            address = reverse(name)
        except NoReverseMatch:
            continue  # it takes arguments
        assert resolve(address).view_name == name, address
        assert "(?=" not in address
        checked += 1
    assert checked > 100


def test_a_later_apps_page_and_one_with_two_first_segments_resolve():
    assert resolve("/figures/2025/").view_name == "figures:year"
    assert resolve("/open-data/").view_name == "figures:open_data"
    assert reverse("figures:year", args=[2025]) == "/figures/2025/"
