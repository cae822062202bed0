"""The events of one action as trees of causes, for the admin (see ``tracing``)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import OutboxEvent

LIMIT = 500  # events shown for one action; a day passed may cause many


@dataclass
class Node:
    event: OutboxEvent
    children: list["Node"] = field(default_factory=list)


def action_of(event: OutboxEvent) -> tuple[list[Node], dict[str, Node], bool]:
    """The events sharing ``event``'s correlation id (oldest first, up to
    ``LIMIT``) as trees: the roots (caused by the request or command, or by
    an event not among them), each node by its event id; and whether some
    were left out."""
    if not event.correlation_id:
        return [Node(event)], {str(event.event_id): Node(event)}, False
    rows = list(
        OutboxEvent.objects.filter(correlation_id=event.correlation_id)
        .order_by("id")
        .prefetch_related("deliveries")[: LIMIT + 1]
    )
    nodes = {str(row.event_id): Node(row) for row in rows[:LIMIT]}
    roots = []
    for node in nodes.values():
        cause = nodes.get(node.event.causation_id)
        (cause.children if cause else roots).append(node)
    return roots, nodes, len(rows) > LIMIT


def render(nodes: list[Node], marked: OutboxEvent) -> SafeString:
    """Nested lists: each event links to its page, with its deliveries."""
    if not nodes:
        return format_html("{}", "none")
    items = format_html_join(
        "",
        "<li>{}{}</li>",
        ((_line(n.event, marked), render_children(n, marked)) for n in nodes),
    )
    return format_html("<ul>{}</ul>", items)


def render_children(node: Node, marked: OutboxEvent) -> SafeString:
    return render(node.children, marked) if node.children else SafeString("")


def _line(event: OutboxEvent, marked: OutboxEvent) -> SafeString:
    url = reverse("admin:kernel_outboxevent_change", args=[event.pk])
    deliveries = ", ".join(
        f"{d.consumer}: {d.get_state_display().lower()}" for d in event.deliveries.all()
    )
    line = format_html(
        '<a href="{}">{}</a> {} {}',
        url,
        event.event_type,
        timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
        f"({deliveries})" if deliveries else "(no consumer)",
    )
    return format_html("<strong>{}</strong>", line) if event.pk == marked.pk else line
