from django import template

from .. import clock, queries

register = template.Library()


@register.inclusion_tag("workshop/_todays_planning.html")
def todays_planning() -> dict:
    """Today's jobs at a glance, with a link to the planning (one query)."""
    today = clock.today()
    return {"today": today, "jobs": queries.get_planning(today)}
