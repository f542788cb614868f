from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.uploads import prepare_photo

# Django suffixes form labels with gettext(":"), and its own Simplified Chinese catalogue
# leaves it half-width ("搜索:"). Naming the string here puts it in our catalogue, which
# Django reads first, so Chinese labels end with a full-width colon.
LABEL_SUFFIX = _(":")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the cleaned value is a list (empty when none is sent)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PhotoField(forms.ImageField):
    """An image upload as every photo of the platform is kept: checked against the pixel cap
    before decoding, re-encoded upright without metadata and bounded in size
    (core.uploads.prepare_photo). For forms, the admin's included, that save to an ImageField."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            picture = prepare_photo(value, field=self.label)
            return ContentFile(picture.content, name=picture.name_like(value.name))
        return value


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “district reporting script”."),
    )


def save_with(request, form, save, success):
    """Run a service with the form's data; its ValidationError lands on the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    messages.success(request, success)
    return saved
