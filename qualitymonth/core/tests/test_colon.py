"""Labels a template writes before a value end with the reader's colon."""

from django.template import Context, Template
from django.utils import translation


def render(language: str) -> str:
    with translation.override(language):
        return Template('{% load i18n %}{% translate "Download" %}{% colon %}XLSX').render(
            Context()
        )


def test_a_chinese_page_writes_a_full_width_colon_without_a_space():
    assert render("zh-hans") == "下载：XLSX"
    assert render("zh-hant") == "下載：XLSX"


def test_an_english_page_writes_a_colon_and_a_space():
    assert render("en") == "Download: XLSX"
