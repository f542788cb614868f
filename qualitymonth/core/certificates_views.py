"""The public verification page for every kind of certificate."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from qualitymonth.core import certificates


class VerifyForm(forms.Form):
    serial = forms.CharField(label=_("Certificate number"), max_length=40)


def verify(request, serial=None, *, nav_template="", action_url=None):
    """Anyone can check a certificate number: valid, expired, withdrawn or unknown — said
    plainly. Unknown numbers answer 404."""
    form = VerifyForm(request.GET or None, initial={"serial": serial})
    if serial is None and form.is_valid():
        serial = form.cleaned_data["serial"]
    certificate = certificates.find(serial) if serial else None
    return render(
        request,
        "core/certificate_verify.html",
        {
            "form": form,
            "serial": serial,
            "certificate": certificate,
            "nav_template": nav_template,
            "action_url": action_url,
        },
        status=404 if serial and certificate is None else 200,
    )
