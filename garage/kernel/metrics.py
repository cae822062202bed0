"""The bus as Prometheus sees it: gauges read from the outbox at scrape time.

The outbox is the truth in both modes, whatever the broker holds, so the
backlog, its age and the dead letters are counted in the ``Delivery`` table
when ``/metrics`` is scraped (one grouped query), not kept in a process.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from . import subscriptions
from .models import Delivery

State = Delivery.State
WAITING = (State.PENDING, State.SENT)  # not handled yet, not given up on
COUNTED = (*WAITING, State.DEAD)


@dataclass(frozen=True)
class Backlog:
    consumer: str
    state: str
    count: int
    oldest: datetime


def backlog(states: tuple[str, ...] = COUNTED) -> list[Backlog]:
    """Per consumer and state (pending, sent, dead): how many, the oldest."""
    rows = (
        Delivery.objects.filter(state__in=states)
        .values("consumer", "state")
        .annotate(count=Count("id"), oldest=Min("created_at"))
        .order_by("consumer", "state")
    )
    return [Backlog(**row) for row in rows]


def oldest_waiting() -> Backlog | None:
    """The waiting (pending or sent) group whose oldest delivery is oldest."""
    return min(backlog(WAITING), key=lambda row: row.oldest, default=None)


def age_seconds(moment: datetime) -> float:
    return max(0.0, (timezone.now() - moment).total_seconds())


class BusCollector(Collector):
    """``garage_bus_*`` gauges, computed from the outbox when collected; every
    known consumer shows, with 0 when it has nothing waiting."""

    def collect(self):
        counts = {
            (consumer, state): 0
            for consumer in subscriptions.contexts()
            for state in COUNTED
        }
        # A consumer with nothing waiting shows 0 seconds.
        oldest = dict.fromkeys(subscriptions.contexts(), timezone.now())
        for row in backlog():
            counts[row.consumer, row.state] = row.count
            if row.state in WAITING:
                oldest[row.consumer] = min(
                    row.oldest, oldest.get(row.consumer, row.oldest)
                )
        yield _family(
            "garage_bus_deliveries",
            "Deliveries not handled yet, per consumer and state (pending: to be "
            "sent or retried; sent: with the broker, not handled yet).",
            ["consumer", "state"],
            {
                (consumer, state): float(count)
                for (consumer, state), count in counts.items()
                if state in WAITING
            },
        )
        yield _family(
            "garage_bus_oldest_waiting_seconds",
            "Age of each consumer's oldest delivery that is pending or sent.",
            ["consumer"],
            {(consumer,): age_seconds(moment) for consumer, moment in oldest.items()},
        )
        yield _family(
            "garage_bus_dead_letters",
            "Dead-lettered deliveries per consumer (replay them in the admin).",
            ["consumer"],
            {
                (consumer,): float(count)
                for (consumer, state), count in counts.items()
                if state == State.DEAD
            },
        )


def _family(name: str, help_text: str, labels: list[str], values: dict):
    family = GaugeMetricFamily(name, help_text, labels=labels)
    for label_values, value in sorted(values.items()):
        family.add_metric(list(label_values), value)
    return family
