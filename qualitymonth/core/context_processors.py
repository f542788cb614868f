from django.utils.translation import gettext_lazy as _

# The capabilities in the order users meet them; url None marks one still to come.
CAPABILITIES = [
    ("campaigns", _("Campaigns"), "campaigns:latest"),
    ("events", _("Events"), "events:list"),
    ("awards", _("Recognition"), "awards:index"),
    ("surveys", _("Surveys"), "surveys:index"),
    ("enquiries", _("Citizen services"), "enquiries:index"),
    ("training", _("Training"), None),
    ("publishing", _("News"), None),
    ("units", _("Units"), "organizations:unit_list"),
]


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "capabilities": CAPABILITIES,
        "is_secretariat": bool(user and user.has_perm("admin.use")),
    }
