"""One masking format for the whole platform: events' attendee lists and the citizen desk."""

import pytest

from qualitymonth.core.masking import mask_id, mask_name, mask_phone


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+8613812345678", "138****5678"),
        ("13812345678", "138****5678"),
        ("+862162345678", "021****5678"),
        ("021-6234-5678", "021****5678"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_a_phone_keeps_its_first_three_and_last_four_digits(stored, shown):
    assert mask_phone(stored) == shown


def test_an_attendee_list_and_the_desk_mask_a_landline_the_same_way():
    from qualitymonth.events.templatetags.events_tags import masked

    assert masked("+862162345678", False) == mask_phone("+862162345678") == "021****5678"


def test_an_id_number_keeps_its_region_and_last_four():
    assert mask_id("310101199001011234") == "310101********1234"
    assert mask_id("A1234") == "*****"


def test_a_name_keeps_its_family_name():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳修文") == "欧***"
    assert mask_name("李") == "李*"
