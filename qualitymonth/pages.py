"""The site's own pages that draw on several apps: the home page and a person's profile.

They live at the project level (beside urls.py), above the apps, because core may not import
an app.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from qualitymonth.core import selectors, services
from qualitymonth.core.forms import ApiTokenForm
from qualitymonth.organizations.selectors import directory_counts, positions_of


def home(request):
    return render(request, "core/home.html", {"counts": directory_counts()})


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"]
        )
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
        form = ApiTokenForm()
    return render(
        request,
        "core/profile.html",
        {
            "positions": positions_of(request.user),
            "tokens": selectors.tokens_of(request.user),
            "form": form,
            "new_key": new_key,
        },
    )
