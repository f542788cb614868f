from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from qualitymonth import my_work, pages
from qualitymonth.api import api
from qualitymonth.core import certificates_views, imports_views
from qualitymonth.core import views as core_views

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
    path("", include("qualitymonth.organizations.urls")),
    path("", include("qualitymonth.campaigns.urls")),
    path("", include("qualitymonth.events.urls")),
    path("", include("qualitymonth.awards.urls")),
    path("", include("qualitymonth.surveys.urls")),
    path("", include("qualitymonth.enquiries.urls")),
    path("", include("qualitymonth.members.urls")),
    path("", include("qualitymonth.training.urls")),
    path("", include("qualitymonth.publishing.urls")),
    path("", include("qualitymonth.search.urls")),
    path("", include("qualitymonth.newsletters.urls")),
    path("", include("qualitymonth.quality.urls")),
    path("", include("qualitymonth.standards.urls")),
    path("", include("qualitymonth.figures.urls")),
    # Open311 GeoReport v2 for other systems (qualitymonth/enquiries/open311/).
    path("open311/v2/", include("qualitymonth.enquiries.open311.urls")),
]

handler403 = "qualitymonth.core.views.error_403"
handler404 = "qualitymonth.core.views.error_404"
handler500 = "qualitymonth.core.views.error_500"
