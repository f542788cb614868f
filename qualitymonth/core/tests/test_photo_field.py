"""Photos uploaded through a form field (the events admin's photos too) are kept as every
photo of the platform is: pixel cap first, then re-encoded without metadata, bounded."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from PIL import Image

from qualitymonth.core.forms import PhotoField
from qualitymonth.core.tests.test_uploads import bomb_png, jpeg, opened
from qualitymonth.core.uploads import MAX_SIDE


class PhotoForm(forms.Form):
    photo = PhotoField(label="活动照片")


def test_a_decompression_bomb_is_refused_naming_the_field():
    form = PhotoForm(files={"photo": bomb_png()})
    assert not form.is_valid()
    assert "活动照片" in form.errors["photo"][0] and "144" in form.errors["photo"][0]


def test_a_large_photo_is_kept_bounded_and_without_its_location():
    exif = Image.Exif()
    exif[0x8825] = {2: (31.0, 14.0, 0.0)}  # GPS latitude
    form = PhotoForm(files={"photo": jpeg(size=(6000, 4000), exif=exif.tobytes())})
    assert form.is_valid(), form.errors
    stored = opened(form.cleaned_data["photo"].read())
    assert max(stored.size) == MAX_SIDE
    assert not stored.getexif()


def test_the_events_admin_uses_it_for_event_photos():
    from django.contrib import admin

    from qualitymonth.events.admin import PhotoInline
    from qualitymonth.events.models import EventPhoto

    inline = PhotoInline(EventPhoto, admin.site)
    field = inline.formfield_for_dbfield(EventPhoto._meta.get_field("image"), request=None)
    assert isinstance(field, PhotoField)
    with pytest.raises(ValidationError):
        field.clean(bomb_png())
