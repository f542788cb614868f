"""Phone numbers: stored as E.164, found again under the digits people write, parsed once."""

import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from qualitymonth.core import phones


def test_a_mobile_and_a_landline_are_stored_as_e164():
    assert phones.normalise_phone("138 1234 5678") == "+8613812345678"
    assert phones.normalise_phone("021-6123 4567") == "+862161234567"


def test_a_number_that_cannot_exist_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        phones.normalise_phone("1381234567")  # ten digits
    assert error.value.code == "phone"


def test_a_number_is_found_under_its_e164_form_and_the_digits_people_write():
    assert phones.stored_forms("+8613812345678") == ["+8613812345678", "13812345678"]
    assert phones.stored_forms("+862161234567") == ["+862161234567", "02161234567"]
    assert phones.national("+85291234567") == "+85291234567"  # not a mainland number


def test_a_typed_number_is_parsed_once_for_all_its_forms(monkeypatch):
    calls = []
    parse = phonenumbers.parse

    def counted(*args, **kwargs):
        calls.append(args[0])
        return parse(*args, **kwargs)

    monkeypatch.setattr(phonenumbers, "parse", counted)
    typed = "139 0217 3456"  # asked nowhere else in the tests
    e164 = phones.phone_or_none(typed)
    assert phones.normalise_phone(typed) == e164 == "+8613902173456"
    assert phones.stored_forms(e164) == ["+8613902173456", "13902173456"]
    assert calls == [typed]
