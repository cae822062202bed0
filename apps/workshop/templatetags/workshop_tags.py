from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def todays_planning():
    return format_html("<p>{}</p>", "Today's planning")
