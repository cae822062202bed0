"""The relay: hands committed outbox rows to the transport, exactly once at a time.

A delivery is claimed (pending -> sent) in the same transaction that hands it
to the transport, with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL: two
relays or sweepers never send the same row at the same time, and a process
that dies halfway leaves its rows pending, for a sweeper to send again.
"""

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import brokers
from .connections import check_idle_connections
from .models import Delivery
from .transports import get_transport

logger = logging.getLogger(__name__)
State = Delivery.State


def relay(delivery_ids: Iterable[int]) -> int:
    """Sends the given deliveries if they are still pending. Returns how many.

    This runs after every command's commit, so the claim is one statement
    (``UPDATE ... RETURNING``) rather than the sweeper's lock-then-update: a
    row another relay or a sweeper holds is waited for, then found sent. On
    PostgreSQL that statement also says not to wait for the disk (see
    ``_without_waiting_for_the_disk``): BEGIN, the claim, COMMIT, nothing more."""
    ids = list(delivery_ids)
    if not ids:
        return 0
    with transaction.atomic():
        rows = _claimed(ids, timezone.now())
        if not rows:
            return 0
        unsent = get_transport().send(rows)
        if unsent:
            Delivery.objects.filter(pk__in=unsent).update(
                state=State.PENDING,
                sent_at=None,
                due_at=timezone.now() + timedelta(seconds=1),
            )
    return len(rows) - len(unsent)


def _claimed(ids: list[int], now: datetime) -> list[tuple[int, str]]:
    """Marks those of ``ids`` still pending as sent; returns them as (id,
    consumer), oldest first (in-process delivery keeps publication order)."""
    quote = connection.ops.quote_name
    table = quote(Delivery._meta.db_table)
    field = Delivery._meta.get_field("sent_at")
    update = f"UPDATE {table} SET state = %s, sent_at = %s"
    if connection.vendor == "postgresql":
        # set_config(..., true) is SET LOCAL, in this statement's round trip.
        update = f"{NO_FLUSH} {update} FROM no_flush"
    sql = (
        f"{update} WHERE {table}.id IN ({', '.join(['%s'] * len(ids))}) "
        f"AND {table}.state = %s RETURNING {table}.id, {table}.consumer"
    )
    params = [State.SENT, field.get_db_prep_value(now, connection), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, State.PENDING])
        return sorted(cursor.fetchall())


NO_FLUSH = "WITH no_flush AS (SELECT set_config('synchronous_commit', 'off', true))"


def sweep(resend_before: datetime | None = None) -> int:
    """Sends what is due: pending rows a relay never sent, rows a broker outage
    sent back, retries whose backoff has passed, and sent rows still unhandled
    from before ``resend_before`` (default: ``BUS["RESEND_AFTER_SECONDS"]``
    ago). Returns how many it sent."""
    now = timezone.now()
    if resend_before is None:
        resend_before = now - timedelta(seconds=settings.BUS["RESEND_AFTER_SECONDS"])
    due = Delivery.objects.filter(
        Q(state=State.PENDING, due_at__lte=now)
        | Q(state=State.SENT, sent_at__lte=resend_before)
    )
    return _claim_and_send(due, limit=settings.BUS["SWEEP_BATCH"])


def sweep_all() -> int:
    """Sweeps until nothing is due. If the broker lost its messages since the
    last sweep (Redis restarted), every sent, unhandled row is sent again at
    once rather than ``RESEND_AFTER_SECONDS`` later; the inbox drops copies."""
    resend_before = timezone.now() if get_transport().lost_messages() else None
    if resend_before:
        logger.warning("The broker restarted; sending unhandled deliveries again.")
    total = 0
    while sent := sweep(resend_before):
        total += sent
    return total


def replay(deliveries: QuerySet[Delivery]) -> int:
    """Sends dead-lettered deliveries again, with a fresh count of attempts."""
    ids = list(deliveries.filter(state=State.DEAD).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids, state=State.DEAD).update(
        state=State.PENDING, attempts=0, due_at=timezone.now()
    )
    return relay(ids)


def _claim_and_send(candidates: QuerySet[Delivery], limit: int | None = None) -> int:
    with transaction.atomic():
        _without_waiting_for_the_disk()
        # Oldest first: in-process delivery then keeps publication order.
        locked = candidates.order_by("pk").select_for_update(skip_locked=True)
        rows = list(locked.values_list("pk", "consumer")[:limit])
        if not rows:
            return 0
        # Handed over while locked: should this process die before the
        # commit, the rows stay pending and a sweeper sends them again.
        unsent = set(get_transport().send(rows))
        now = timezone.now()
        sent = [pk for pk, _ in rows if pk not in unsent]
        Delivery.objects.filter(pk__in=sent).update(state=State.SENT, sent_at=now)
        if unsent:
            retry_at = now + timedelta(seconds=1)
            Delivery.objects.filter(pk__in=unsent).update(due_at=retry_at)
    return len(sent)


def _without_waiting_for_the_disk() -> None:
    """A claim's commit does not wait for PostgreSQL to flush it to disk (the
    relay's ran in every request after the command's own commit, and waiting
    took as long as the rest of the claim; it says so in its claim statement,
    see ``NO_FLUSH``). Should the database crash in the next fraction of a
    second and lose it, the rows are pending again and are sent again; the
    inbox drops the copies. The command's commit still waits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


class Sweeper(threading.Thread):
    """Sweeps every ``BUS["SWEEP_INTERVAL_SECONDS"]`` until stopped."""

    def __init__(self) -> None:
        super().__init__(name="outbox-sweeper", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = settings.BUS["SWEEP_INTERVAL_SECONDS"]
        while not self.stopped.wait(interval):
            try:
                check_idle_connections()
                sweep_all()
            except Exception:
                logger.exception("Outbox sweep failed; trying again shortly.")
            finally:
                close_old_connections()
        connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


def start_web_sweeper() -> Sweeper | None:
    """In the embedded default, the web process sweeps the outbox itself, so
    what a crash or a failing subscriber left behind is retried within seconds.
    With a broker, the dramatiq workers sweep instead."""
    if brokers.configured():
        return None
    sweeper = Sweeper()
    sweeper.start()
    return sweeper
