"""Masking helpers and the validation of ID and card numbers."""

import datetime as dt

import pytest

from jiyue.quality import mask_bank_card, mask_id_number, mask_phone
from jiyue.quality.checkers.privacy import (
    birth_date_ok,
    id_checksum_ok,
    is_bank_card,
    is_id_number,
    luhn_ok,
)


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138-1234-1234") == "138-****-1234"


def test_mask_id_number():
    assert mask_id_number("11010519491231002X") == "110************02X"
    assert mask_id_number("110105194912310021") == "110************021"


def test_mask_bank_card():
    assert mask_bank_card("6222021234567890128") == "6222***********0128"
    assert mask_bank_card("6222 0212 3456 7890") == "6222 **** **** 7890"


def test_mask_short_input_masks_everything():
    assert mask_phone("12345") == "*****"


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("11010519491231002X", True),  # the GB 11643 example, check character X
        ("11010519491231002x", True),  # lower-case x accepted
        ("110105194912310021", False),  # wrong check digit
        ("440524188001010014", True),
        ("440524188001010015", False),
    ],
)
def test_id_checksum(number, ok):
    assert id_checksum_ok(number) is ok


def test_exactly_one_check_character_per_body():
    body = "11010119900307001"
    assert len([c for c in "0123456789X" if id_checksum_ok(body + c)]) == 1


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("11010519491231002X", True),
        ("99010519491231002X", False),  # no province 99
        ("110105194902300000", False),  # 30 February
    ],
)
def test_is_id_number(number, ok):
    assert is_id_number(number) is ok


def test_birth_date_in_the_future_is_invalid():
    assert birth_date_ok("110105209901010000", today=dt.date(2025, 1, 1)) is False
    assert birth_date_ok("110105200002290000") is True  # leap day
    assert birth_date_ok("110105190002290000") is False  # 1900 was not a leap year


def test_luhn_and_bin():
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert is_bank_card("4111111111111111")
    assert not is_bank_card("9111111111111119")  # unknown prefix
    assert not is_bank_card("411111111111")  # too short
