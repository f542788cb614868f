"""The filing form and the index speak the reader's language: categories, their descriptions,
the tracks and the help texts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(categories):
    glasses = categories["glasses"]
    glasses.name_en, glasses.name_zh_hant = "Eyeglass quality", "眼鏡品質"
    glasses.description = "配镜、验光的质量问题。"
    glasses.description_en = "Problems with glasses and eye tests."
    glasses.save()
    return glasses


def page(client, language, name="enquiries:new") -> str:
    client.cookies["qm_language"] = language
    return client.get(reverse(name)).content.decode()


def test_the_form_offers_categories_and_tracks_in_english(client, named):
    html = page(client, "en")
    assert f'<option value="{named.pk}">Eyeglass quality</option>' in html
    assert "眼镜质量" not in html
    assert "Complain about a business" in html
    assert "Photos, receipts, contracts" in html and "照片" not in html


def test_the_form_offers_categories_in_traditional_chinese(client, named):
    html = page(client, "zh-hant")
    assert f'<option value="{named.pk}">眼鏡品質</option>' in html
    assert "眼镜质量" not in html


def test_the_index_describes_categories_in_the_readers_language(client, named):
    assert "Problems with glasses and eye tests." in page(client, "en", "enquiries:index")
    assert "配镜、验光的质量问题。" in page(client, "zh-hans", "enquiries:index")


def test_the_desk_filters_name_categories_in_the_readers_language(client, named, secretariat):
    client.force_login(secretariat)
    html = page(client, "en", "enquiries:desk")
    assert f'<option value="{named.pk}">Eyeglass quality</option>' in html
