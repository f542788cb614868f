from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class QualityMonthAdminSite(admin.AdminSite):
    """The Django admin, open to the secretariat (a role, not Django's is_staff flag)."""

    site_header = _("Quality Month platform administration")
    site_title = _("Quality Month platform")
    index_title = _("Administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_perm("admin.use")

    def login(self, request, extra_context=None):
        # One sign-in page for everyone; it is throttled and translated.
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
