"""Number and decimal built-ins: rounding, types of results, Java DecimalFormat."""

import math

import pytest

from deluge2py.runtime import Decimal, DelugeRuntimeError, Number
from deluge2py.runtime.builtins import functions as F
from deluge2py.runtime.builtins.number import format_number


@pytest.mark.parametrize("value, digits, expected, kind", [
    (218.5, 0, 219, Number), (-218.5, 0, -219, Number), (-218.4, 0, -218, Number),
    (218.44, 1, 218.4, Decimal), (218.49, 1, 218.5, Decimal), (2.675, 2, 2.68, Decimal),
    (214.2, -1, 210, Number), (218.2, -1, 220, Number), (294.2, -2, 300, Number),
    (218.222, -3, 0, Number), (-150.55, -2, -200, Number), (-192.66, -1, -190, Number),
    (5.0, 0, 5, Number),
])
def test_round_half_away_from_zero(value, digits, expected, kind):
    result = Decimal(value).round(digits)
    assert result == expected and type(result) is kind


def test_round_of_a_number():
    assert Number(1234).round(2) == 1234 and type(Number(1234).round(2)) is Number
    assert Number(1250).round(-2) == 1300
    assert Number(-1250).round(-2) == -1300


@pytest.mark.parametrize("value, digits, expected, kind", [
    (25.125432, 2, 25.12, Decimal), (9789.852, 0, 9789, Number), (9789.852, -2, 9700, Number),
    (-9.99, 1, -9.9, Decimal),
])
def test_truncate(value, digits, expected, kind):
    result = Decimal(value).truncate(digits)
    assert result == expected and type(result) is kind


def test_floor_ceil_abs():
    assert F.floor(10.1) == 10 and type(F.floor(10.1)) is Number
    assert Decimal(-10.1).floor() == -11 and Decimal(10.1).ceil() == 11
    assert F.abs(-3) == 3 and type(F.abs(-3)) is Number
    assert F.abs(-2.5) == 2.5 and type(F.abs(-2.5)) is Decimal


def test_signum_and_frac_are_decimals():
    assert [type(F.signum(x)) for x in (5, -12, 0)] == [Decimal] * 3
    assert [F.signum(x) for x in (5, -12, 0.0)] == [1.0, -1.0, 0.0]
    assert Decimal(24.6).frac() == 0.6
    assert Decimal(-25.1).frac() == -0.1
    assert Number(7).frac() == 0.0


def test_power_max_min():
    assert F.power(3, 2) == 9 and type(F.power(3, 2)) is Number
    assert F.power(2, -1) == 0.5 and type(F.power(2, -1)) is Decimal
    assert F.power(2.5, 2) == 6.25
    assert F.max(100, 200) == 200 and type(F.max(100, 200)) is Number
    assert F.min(100, 200) == 100
    assert F.max(2, 1.5) == 2.0 and type(F.max(2, 1.5)) is Decimal
    with pytest.raises(DelugeRuntimeError):
        F.power(10, 100)  # past a 64-bit NUMBER
    with pytest.raises(DelugeRuntimeError):
        F.power(-8, 0.5)


def test_even_odd():
    assert F.isOdd(111) and not F.isEven(111)
    assert Number(-4).isEven() and Number(-3).isOdd()
    assert not Decimal(2.5).isEven() and not Decimal(2.5).isOdd()


def test_trigonometry_and_logs():
    assert Number(0).cosh() == 1.0 and type(F.cosh(0)) is Decimal
    assert Number(1).atan2(2) == 0.4636476090008061
    assert math.isclose(F.sqrt(16), 4.0) and type(F.sqrt(16)) is Decimal
    assert math.isclose(Number(180).radians(), math.pi)
    assert math.isclose(F.log10(1000), 3.0)
    for call in (lambda: F.sqrt(-1), lambda: F.log(0), lambda: F.asin(2), lambda: F.exp(10**4)):
        with pytest.raises(DelugeRuntimeError):
            call()


def test_to_hex_and_to_words():
    assert Number(255).toHex() == "ff"
    assert Number(-1).toHex() == "ffffffffffffffff"
    assert Number(1989).toWords("en-us") == "one thousand nine hundred eighty-nine"
    assert Decimal(1989.13).toWords() == "one thousand nine hundred eighty-nine point one three"
    assert Number(-12).toWords("en-gb") == "minus twelve"
    assert Number(0).toWords() == "zero"
    assert Number(1000000).toWords() == "one million"
    with pytest.raises(DelugeRuntimeError):
        Number(24).toWords("ko")


@pytest.mark.parametrize("value, pattern, expected", [
    (2434, "000000000", "000002434"),
    (123123456, "##,###", "123,123,456"),
    (12345654.1234, "$#,##0.00", "$12,345,654.12"),
    (0.2, "0%", "20%"),
    (1000000.05, "#,000.0", "1,000,000.0"),  # half-even on the printed digits
    (0.5, "#.##", ".5"),
    (0, "#.##", "0"),
    (-1234.5, "#,##0.00", "-1,234.50"),
    (2.5, "0", "2"),
    (3.5, "0", "4"),
    (7, "'#'0", "#7"),
])
def test_decimal_format_patterns(value, pattern, expected):
    assert format_number(value, pattern) == expected


def test_number_text_and_to_string_with_pattern():
    assert Number(2434).text("000000000") == "000002434"
    assert F.toString(1234.5, "#,##0.00") == "1,234.50"
    with pytest.raises(DelugeRuntimeError):
        Number(1).text("abc")


def test_random_number_bounds():
    for _ in range(50):
        n = F.randomNumber(1, 3)
        assert n in (1, 2) and type(n) is Number
        d = F.randomNumber(1, 1.5)
        assert 1 <= d < 1.5 and type(d) is Decimal
    with pytest.raises(DelugeRuntimeError):
        F.randomNumber(5, 5)
