"""``cached_date`` gives the date filter's text, in the active language."""

from datetime import date as day
from datetime import datetime

import pytest
from django.template.defaultfilters import date
from django.utils import translation

from apps.invoicing.templatetags.invoice_dates import cached_date

VALUES = [day(2026, 3, 2), datetime(2026, 3, 2, 23, 30), None, "", "not a date", []]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("arg", ["j F Y", "j M Y"])
def test_the_same_text_as_the_date_filter(value, arg):
    assert cached_date(value, arg) == date(value, arg)


def test_a_remembered_date_follows_the_language():
    with translation.override("en"):
        assert cached_date(day(2026, 3, 2), "j F Y") == "2 March 2026"
    with translation.override("nl"):
        assert cached_date(day(2026, 3, 2), "j F Y") == "2 maart 2026"
