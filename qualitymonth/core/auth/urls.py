"""Sign-in routes beyond log in and out (included under accounts/ without a namespace: Django's
own views reverse these names bare)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from qualitymonth.core.auth import views

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/lift/", views.lift_lockout, name="lift_lockout"),
]
