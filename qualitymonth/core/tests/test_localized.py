from django.utils import translation

from qualitymonth.core.localized import localized
from qualitymonth.enquiries.models import Category
from qualitymonth.events.models import Series


def test_a_traditional_reader_sees_an_empty_traditional_name_converted_from_simplified():
    series = Series(name="质量大讲堂", name_zh_hant="", name_en="Quality Lecture Hall")
    with translation.override("zh-hant"):
        assert localized(series, "name") == "質量大講堂"


def test_a_traditional_reader_sees_the_traditional_name_kept_on_the_record():
    series = Series(name="质量大讲堂", name_zh_hant="品質大講堂")
    with translation.override("zh-hant"):
        assert localized(series, "name") == "品質大講堂"


def test_a_field_without_a_traditional_column_is_converted_for_a_traditional_reader():
    category = Category(name="产品质量投诉", description="对购买的商品质量问题进行投诉")
    with translation.override("zh-hant"):
        assert localized(category, "description") == "對購買的商品質量問題進行投訴"


def test_simplified_and_english_readers_are_unchanged():
    series = Series(name="质量大讲堂", name_en="")
    with translation.override("zh-hans"):
        assert localized(series, "name") == "质量大讲堂"
    with translation.override("en"):
        # No English name: the Simplified one, as before.
        assert localized(series, "name") == "质量大讲堂"
    series.name_en = "Quality Lecture Hall"
    with translation.override("en"):
        assert localized(series, "name") == "Quality Lecture Hall"
