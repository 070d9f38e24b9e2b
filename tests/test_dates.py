import datetime as dt

import pytest

from graph.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", "month", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("1953-01-09", "day", dt.date(1953, 1, 9), dt.date(1953, 1, 9)),
    ],
)
def test_partial_dates_span_their_period(text, precision, first, last):
    d = PartialDate.parse(text)
    assert (d.precision, d.first_day(), d.last_day(), str(d)) == (precision, first, last, text)


def test_yaml_values_are_accepted():
    assert str(PartialDate.parse(dt.date(2022, 11, 12))) == "2022-11-12"
    assert str(PartialDate.parse(1992)) == "1992"


@pytest.mark.parametrize("bad", ["2023-02-30", "2023-13", "March 2023", "23-01-01", "", True])
def test_impossible_or_malformed_dates_are_rejected(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)
