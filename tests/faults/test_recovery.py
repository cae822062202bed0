"""Faults in a running deployment, with real processes: a worker killed with
``kill -9`` mid-burst, the broker down for 20 s, the web process killed after
a commit and before its relay. After each, every event is handled exactly
once per subscribing context, nothing is mailed, invoiced or reminded twice,
and the read models are what ``rebuild_read_models`` makes of the events.

Each prints how long recovery took: "orphans" are the deliveries in flight
when the fault ended, "quiet" is the whole burst handled.
"""

import os
import signal
import time

import pytest
from django.utils import timezone

from apps.customers.models import Customer

from .cluster import Cluster, assert_recovered
from .conftest import FAULTS
from .driver import BURST, burst_commands

pytestmark = FAULTS
MID_BURST = 400  # events published: about half of the burst's


@pytest.fixture
def cluster(transactional_db, tmp_path, redis_server):
    running = Cluster(tmp_path, redis_server, dict(os.environ))
    running.first_workers = running.workers()
    running.seed()
    yield running
    running.stop()


@pytest.fixture
def report(capsys):
    def report(case: str, orphans: int, recovered: float, quiet: float) -> None:
        with capsys.disabled():
            print(
                f"\n[faults] {case}: {orphans} deliveries in flight when it ended, "
                f"handled {recovered:.1f} s later; all quiet after {quiet:.1f} s"
            )

    return report


def test_a_worker_killed_mid_burst(cluster, report):
    burst = cluster.driver("burst")
    cluster.wait_until_published(MID_BURST)

    cluster.first_workers.kill()
    cluster.workers()  # a new one
    back = time.monotonic()
    orphans = cluster.in_flight()

    recovered = cluster.wait_until_handled(orphans, since=back)
    quiet = cluster.wait_until_quiet(back, "the burst, handled", burst)
    report("worker killed (kill -9)", len(orphans), recovered, quiet)
    assert_recovered(cluster.mail)


def test_the_broker_down_for_20_seconds(cluster, report):
    burst = cluster.driver("burst")
    cluster.wait_until_published(MID_BURST)

    cluster.redis.stop()  # SIGKILL, without persistence: its queues are lost
    published_before = cluster.published()
    time.sleep(20)
    assert cluster.published() > published_before  # commands kept coming
    cluster.redis.start()
    back = time.monotonic()
    orphans = cluster.in_flight()

    recovered = cluster.wait_until_handled(orphans, since=back)
    quiet = cluster.wait_until_quiet(back, "the burst, handled", burst)
    report("broker down 20 s, restarted empty", len(orphans), recovered, quiet)
    assert_recovered(cluster.mail)


def test_the_web_process_killed_after_commit_before_its_relay(cluster, report):
    half = BURST // 2
    dying = cluster.driver("burst", "--die-after-commit", str(half))
    assert dying.wait(timeout=120) == -signal.SIGKILL
    killed = time.monotonic()
    orphans = cluster.in_flight()
    path, last = burst_commands(timezone.localdate())[half - 1]
    assert path == "/api/customers"
    assert Customer.objects.filter(name=last["name"]).exists()  # it committed

    burst = cluster.driver("burst", "--skip", str(half))  # a new web process
    recovered = cluster.wait_until_handled(orphans, since=killed)
    quiet = cluster.wait_until_quiet(killed, "the burst, handled", burst)
    report("web killed after commit", len(orphans), recovered, quiet)
    assert_recovered(cluster.mail)
