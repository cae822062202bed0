"""An append-only event store for event-sourced aggregates.

A context subclasses ``StoredEvent`` for its own typed table, then loads a
stream with ``load`` and appends to it with ``append``. The unique
(stream_id, version) constraint is the optimistic lock: appending on a version
someone else has already written fails, and ``retrying`` runs the whole
load-decide-append step again on fresh state before giving up with
``ConcurrencyError``. The store knows nothing about what the events mean.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, migrations, models, transaction
from django.db.models.functions import Now

from . import tracing
from .errors import ConcurrencyError

ATTEMPTS = 5


class StoredEvent(models.Model):
    """One event of one stream; ``id`` is its position in the whole store."""

    id = models.BigAutoField(primary_key=True)
    stream_id = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    event_type = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField()
    metadata = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        abstract = True
        ordering = ["stream_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream_id", "version"],
                name="%(app_label)s_%(class)s_one_event_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream_id} v{self.version} {self.event_type}"


@dataclass(frozen=True)
class NewEvent:
    """An event to append: its type name and its payload as JSON text."""

    event_type: str
    payload: str
    metadata: dict[str, Any] = field(default_factory=dict)


class RecordedEvent(NamedTuple):
    """A stored event; ``payload`` is its JSON text, for the owner to decode.

    A named tuple: a stream of hundreds loads several times faster than as
    frozen dataclasses."""

    version: int
    event_type: str
    payload: str


# Raw SQL, measured: loading 600 events takes 1.1-1.4 ms against the ORM's 4.2
# (which decodes the JSON and builds a query); appending one event 0.55 ms
# against bulk_create's 0.72 ms (PostgreSQL, this machine, 2026-11-29).


def load(model: type[StoredEvent], stream_id: str) -> list[RecordedEvent]:
    """The stream's events, oldest first."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, event_type, payload FROM {table} "
            "WHERE stream_id = %s ORDER BY version",
            [stream_id],
        )
        rows = cursor.fetchall()
    if rows and not isinstance(rows[0][2], str):
        return [RecordedEvent(v, t, _text(payload)) for v, t, payload in rows]
    return list(map(RecordedEvent._make, rows))


def append(
    model: type[StoredEvent],
    stream_id: str,
    expected_version: int,
    events: Sequence[NewEvent],
) -> int:
    """Appends ``events`` after ``expected_version``; returns the new version.

    Inside an action, each event's metadata also records its correlation and
    causation ids (see ``tracing``).

    Raises ``ConcurrencyError`` if another writer got there first. Call it in
    an atomic block that the error leaves (as ``retrying`` does): the failed
    insert has spoiled the transaction up to that block's savepoint.
    """
    if not events:
        return expected_version
    table = connection.ops.quote_name(model._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(events))
    params: list[Any] = []
    trace = tracing.ids() if tracing.current() else {}
    for number, event in enumerate(events, start=1):
        metadata = json.dumps({**trace, **event.metadata})
        version = expected_version + number
        params += [stream_id, version, event.event_type, event.payload, metadata]
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "
                f"(stream_id, version, event_type, payload, metadata) VALUES {rows}",
                params,
            )
    except IntegrityError as exc:
        raise ConcurrencyError(
            "Someone else changed this at the same time; please try again.",
        ) from exc
    return expected_version + len(events)


def _text(payload: str | bytes | dict) -> str:
    # Django reads jsonb as text on PostgreSQL; SQLite stores text anyway.
    if isinstance(payload, str):
        return payload
    if isinstance(payload, bytes):
        return payload.decode()
    return json.dumps(payload)


def retrying[T](attempt: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Runs ``attempt`` in its own atomic block, again on a version conflict.

    Each run loads fresh state: on PostgreSQL (read committed) the next
    statement sees what the winning writer committed. After ``attempts``
    conflicts, the last ``ConcurrencyError`` reaches the caller (HTTP 409).
    """
    for remaining in reversed(range(attempts)):
        try:
            with transaction.atomic():
                return attempt()
        except ConcurrencyError:
            if not remaining:
                raise
    raise AssertionError("unreachable")


def forbid_update_and_delete(table: str) -> migrations.RunPython:
    """A migration operation making ``table`` append-only on PostgreSQL.

    A row-level trigger rejects UPDATE and DELETE; TRUNCATE (used by test
    flushes) is left alone. Other databases are skipped.
    """
    function = f"{table}_append_only"

    def forwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% on {table} is not allowed: it is append-only',
                    TG_OP;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}();
            """,
            params=None,  # the body's % is PL/pgSQL's, not a placeholder
        )

    def backwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {function} ON {table}; "
            f"DROP FUNCTION IF EXISTS {function}();"
        )

    return migrations.RunPython(forwards, backwards, elidable=False)
