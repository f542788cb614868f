import importlib
import re

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from qualitymonth import my_work, pages
from qualitymonth.api import api
from qualitymonth.core import certificates_views, imports_views
from qualitymonth.core import views as core_views


def app_urls(module: str):
    """An app's URLs, tried only for addresses that start as one of its own does.

    The apps' patterns sit at the root, so an address was matched against every earlier app's
    patterns first (about 150 µs for the later apps' pages, each request). A lookahead on the
    first path segments its patterns start with skips the other apps at once; it matches no
    characters, so the app's patterns and every reversed URL stay as they are. An app with a
    pattern whose first segment is not a fixed word is included as before.
    """
    starts = set()
    for pattern in importlib.import_module(module).urlpatterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if not first or not re.fullmatch(r"[\w.-]+", first):
            return path("", include(module))
        starts.add(re.escape(first) + ("/" if "/" in str(pattern.pattern) else "$"))
    return re_path(rf"^(?={'|'.join(sorted(starts))})", include(module))


urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change and reset, the second factor, lockouts (qualitymonth/core/auth/).
    path("accounts/", include("qualitymonth.core.auth.urls")),
    path("accounts/profile/", pages.profile, name="profile"),
    path("my-work/", my_work.my_work, name="my_work"),
    path("certificates/verify/", certificates_views.verify, name="certificate_verify"),
    path(
        "certificates/verify/<str:serial>/",
        certificates_views.verify,
        name="certificate_verify_serial",
    ),
    path("accounts/tokens/<int:pk>/revoke/", core_views.revoke_token, name="revoke_token"),
    path("imports/<int:pk>/", imports_views.import_job, name="import_job"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    app_urls("qualitymonth.organizations.urls"),
    app_urls("qualitymonth.campaigns.urls"),
    app_urls("qualitymonth.events.urls"),
    app_urls("qualitymonth.awards.urls"),
    app_urls("qualitymonth.surveys.urls"),
    app_urls("qualitymonth.enquiries.urls"),
    app_urls("qualitymonth.members.urls"),
    app_urls("qualitymonth.training.urls"),
    app_urls("qualitymonth.publishing.urls"),
    app_urls("qualitymonth.search.urls"),
    app_urls("qualitymonth.newsletters.urls"),
    app_urls("qualitymonth.quality.urls"),
    app_urls("qualitymonth.standards.urls"),
    app_urls("qualitymonth.figures.urls"),
    # Open311 GeoReport v2 for other systems (qualitymonth/enquiries/open311/).
    path("open311/v2/", include("qualitymonth.enquiries.open311.urls")),
]

handler403 = "qualitymonth.core.views.error_403"
handler404 = "qualitymonth.core.views.error_404"
handler500 = "qualitymonth.core.views.error_500"
