"""``cached_date``: Django's ``date`` filter, remembered. An invoice shows the
same few days on every line, and a day of 2,000 invoices formats them some
50,000 times; formatting is most of what the template costs."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import date
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def cached_date(value, arg=None):
    """The same text as ``value|date:arg``, in the active language."""
    try:
        return _formatted(value, arg, get_language())
    except TypeError:  # unhashable: not a date; the date filter says what
        return date(value, arg)


@lru_cache(maxsize=1024)
def _formatted(value, arg, language: str | None) -> str:
    return date(value, arg)
