import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_unit
from qualitymonth.organizations.credit_code import check_character
from qualitymonth.organizations.models import validate_credit_code

# 91350100M000100Y43 is the worked example printed with the standard; the others are
# codes of registered companies, whose check characters their registrars computed.
KNOWN_VALID = ["91350100M000100Y43", "91110000802100433B", "91310000132149237G"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_it_accepts_codes_with_a_correct_check_character(code):
    validate_credit_code(code)
    assert check_character(code[:17]) == code[17]


def test_it_names_the_check_character_when_it_is_wrong():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
        assert error.value.messages == ["校验码（第 18 位）不符，请核对代码。"]


def test_it_rejects_a_code_of_the_wrong_length():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_credit_code("9135010")
        assert "18 characters" in error.value.messages[0]


def test_it_rejects_letters_outside_the_alphabet():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_credit_code("9135010OM000100Y43")
        assert "without I, O, S, V and Z" in error.value.messages[0]


def test_a_unit_with_a_bad_code_does_not_pass_model_validation(db):
    unit = make_unit(name="校验测试单位")
    unit.credit_code = "91350100M000100Y44"
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "credit_code" in error.value.message_dict
