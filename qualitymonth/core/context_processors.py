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
        "capabilities": CAPABILITIES,
        # A template calls it when it reads the variable (anonymous pages never do).
        "is_secretariat": lambda: _is_secretariat(request),
    }
