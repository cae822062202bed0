"""``{% form_token %}``: the one-time token of a POST form (``garage.kernel.once``).

A builtin of the templates, put next to ``{% csrf_token %}`` in every form that
changes something: a second submit of the same page then replays the first
answer instead of doing the work twice."""

import secrets

from django import template
from django.utils.html import format_html

from garage.kernel.once import FIELD

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(24)
    )
