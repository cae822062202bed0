"""Writes docs/events.md, the catalogue of the published language, from the code.

Each event class in an installed context's ``events.py`` (and so in
``Event.registry``): its source, schema version, fields with their types, and
the contexts and subscribers that consume it, as the bus has them registered.
``tests/kernel/test_event_catalogue.py`` fails when the file is not current.
"""

import inspect
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from pydantic import BaseModel

from garage.kernel.messages import Event
from garage.kernel.subscriptions import consumers_of, subscribers_for

HEADER = """\
# Event catalogue

Generated from the code by `python manage.py event_catalogue`: do not edit
(`tests/kernel/test_event_catalogue.py` fails when this file is not current).
Every event travels in one envelope (`garage.kernel.messages.Envelope`):
`event_id`, `event_type`, `schema_version`, `occurred_at`, `source`,
`correlation_id` (the request or command the event stems from, shared by every
event it leads to), `causation_id` (the event whose handler published it, or
the request or command) and `data`, the fields below. A consumer ignores fields
it does not know.
"""


class Command(BaseCommand):
    help = "Writes the event catalogue (docs/events.md) from the code."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "docs" / "events.md"
        parser.add_argument("--output", type=Path, default=default)

    def handle(self, *args, output: Path, **options) -> None:
        output.write_text(render())
        self.stdout.write(f"Wrote {output}.")


def render() -> str:
    events = list(published_events())
    parts = [HEADER, summary(events), *map(section, events)]
    return "\n".join(parts)


def published_events() -> Iterator[type[Event]]:
    """The events of each context, in the order of INSTALLED_APPS and then of
    their declaration; events defined anywhere else (tests) are left out."""
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.events")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if _declared_in(value, module.__name__):
                yield value


def _declared_in(value: object, module: str) -> bool:
    if not (isinstance(value, type) and issubclass(value, Event)):
        return False
    return Event.registry.get(value.__name__) is value and value.__module__ == module


def consumers(event: type[Event]) -> dict[str, list[str]]:
    """Consuming context -> its subscribers' names (installed contexts only)."""
    labels = {app.label for app in apps.get_app_configs()}
    return {
        context: [s.__name__ for s in subscribers_for(context, event.__name__)]
        for context in consumers_of(event.__name__)
        if context in labels
    }


def summary(events: list[type[Event]]) -> str:
    rows = [
        f"| [{e.__name__}](#{e.__name__.lower()}) | {e.source()} | "
        f"{e.schema_version} | {', '.join(consumers(e)) or '(none: audit only)'} |"
        for e in events
    ]
    return "\n".join(
        ["| event | source | version | consumed by |", "|---|---|---|---|", *rows, ""]
    )


def section(event: type[Event]) -> str:
    lines = [f"## {event.__name__}", ""]
    lines += [
        f"Published by **{event.source()}** (`{event.__module__}`), "
        f"schema version {event.schema_version}.",
        "",
    ]
    if event.__doc__:
        lines += [inspect.cleandoc(event.__doc__), ""]
    lines += ["| field | type |", "|---|---|"]
    lines += [f"| `{name}` | {kind} |" for name, kind in fields(event)]
    lines += ["", "Consumed by:" if consumers(event) else "Consumed by no context."]
    lines += [
        f"- **{context}**: " + ", ".join(f"`{name}`" for name in subscribers)
        for context, subscribers in consumers(event).items()
    ]
    return "\n".join([*lines, ""])


def fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted name, type) of each field; a nested model's fields follow it."""
    for name, info in model.model_fields.items():
        kind = info.annotation
        described = type_name(kind)
        if info.metadata:
            described += " (" + ", ".join(map(repr, info.metadata)) + ")"
        if not info.is_required():
            described += f", default `{info.get_default(call_default_factory=True)!r}`"
        yield prefix + name, described
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from fields(kind, prefix=f"{prefix}{name}.")


def type_name(annotation: object) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")
