"""One day passes over a full back office, on PostgreSQL + Redis, one worker
(``BENCH_WORKER_PROCESSES``, default 2 as in production, x
``BENCH_WORKER_THREADS``, default 8).

Seeds 2,000 customers and 10,000 finished jobs with 1 to 5 parts each into
invoicing's cache, starts one real dramatiq worker process (locmem e-mail),
publishes one DayHasPassed and measures the seconds until every invoice is
stored and until every one is sent (its PDF rendered, stored and attached;
``sent_at`` set), and the worker's peak memory (RSS, sampled). Also renders
PDFs of stored invoices in this process, one after another: renders per
second of the renderer in use (``apps/invoicing/printing``) and of xhtml2pdf,
the general HTML renderer it replaced, on the same invoices.
Also the worker's CPU seconds until every invoice is stored (one thread, in
one transaction: serial) and from then until every one is sent (spread over
the processes): on a machine shared with other work they tell what the day
costs where the wall clock cannot, and the least it takes on idle cores
(without the database's and the broker's own CPU).
Targets (issue 12): every invoice sent in under 60 s, worker under 400 MB.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 2_000))
JOBS = int(os.environ.get("BENCH_JOBS", 10_000))
THREADS = os.environ.get("BENCH_WORKER_THREADS", "8")
# Rendering PDFs is CPU work: production's default is 2 worker processes.
PROCESSES = os.environ.get("BENCH_WORKER_PROCESSES", "2")
DAY = date(2026, 3, 2)
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", 900))  # seconds


def seed() -> None:
    from django.utils import timezone

    from apps.invoicing.models import Customer, Job

    customers = Customer.objects.bulk_create(
        Customer(
            customer_id=uuid.uuid4(),
            name=f"Customer {n:05d}",
            address=f"Main Street {n}",
            postal_code="1234 AB",
            city="Amsterdam",
            email_address=f"customer{n}@example.com",
        )
        for n in range(CUSTOMERS)
    )
    zone = timezone.get_default_timezone()
    jobs = []
    for n in range(JOBS):
        customer = customers[n % CUSTOMERS]
        day = DAY - timedelta(days=1 + n % 5)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=zone)
        jobs.append(
            Job(
                job_id=uuid.uuid4(),
                customer_id=customer.customer_id,
                customer_name=customer.name,
                planning_date=day,
                description=f"Maintenance #{n}",
                license_number=f"{n % 100:02d}-AB-{n % 97:02d}",
                status=Job.Status.FINISHED,
                actual_start_time=start,
                actual_end_time=start + timedelta(minutes=20 * (1 + n % 12)),
                parts=[
                    {
                        "description": f"Part {p} for job {n}",
                        "quantity": str(1 + p % 3),
                        "unit_price": f"{3 + 7 * p + n % 50}.95",
                    }
                    for p in range(1 + n % 5)
                ],
            )
        )
    Job.objects.bulk_create(jobs, batch_size=2_000)


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(common.ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return subprocess.Popen(
        [str(common.ROOT / ".venv/bin/dramatiq"), "garage.kernel.worker",
         "--processes", PROCESSES, "--threads", THREADS],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


class MemorySampler(threading.Thread):
    """Samples the RSS of the worker's processes until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.stopped = threading.Event()
        self.peak_process = self.peak_tree = 0

    def run(self) -> None:
        import psutil

        while not self.stopped.wait(0.05):
            try:
                tree = [self.root, *self.root.children(recursive=True)]
                sizes = [process.memory_info().rss for process in tree]
            except psutil.Error:
                continue
            self.peak_process = max(self.peak_process, *sizes)
            self.peak_tree = max(self.peak_tree, sum(sizes))


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the worker's processes so far: what the
    work costs, however busy the machine is with other things."""
    import psutil

    root = psutil.Process(pid)
    tree = [root, *root.children(recursive=True)]
    return sum(sum(process.cpu_times()[:2]) for process in tree)


def wait_until(condition, timeout: float = TIMEOUT) -> float:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not finish in time")
        time.sleep(0.05)
    return time.monotonic()


def pass_day(day: date) -> list:
    from django.db import transaction

    from apps.timekeeping.events import DayHasPassed
    from garage.kernel import bus

    with transaction.atomic():
        return bus.publish(DayHasPassed(date=day))


def warm_up() -> None:
    """A day with nothing to do: the worker is up once it has handled it."""
    from garage.kernel import testing

    envelopes = pass_day(DAY - timedelta(days=30))
    for consumer in ["notifications", "invoicing"]:
        if not testing.wait_until_handled(envelopes, consumer, timeout=60):
            raise TimeoutError("the worker did not start")


def measure(worker: int) -> dict:
    from django.db.models import Sum

    from apps.invoicing.models import Invoice, InvoiceLine, Job

    invoices = Invoice.objects.all()
    sent = Invoice.objects.filter(sent_at__isnull=False)
    cpu = [cpu_seconds(worker)]
    started = time.monotonic()
    pass_day(DAY)
    stored = wait_until(lambda: invoices.count() >= CUSTOMERS)
    cpu.append(cpu_seconds(worker))
    done = wait_until(lambda: sent.count() >= CUSTOMERS)
    cpu.append(cpu_seconds(worker))
    issuing, sending = cpu[1] - cpu[0], cpu[2] - cpu[1]
    lines = InvoiceLine.objects.aggregate(total=Sum("amount"))["total"]
    parts = sum(len(parts) for parts in Job.objects.values_list("parts", flat=True))
    assert invoices.count() == CUSTOMERS
    assert InvoiceLine.objects.count() == JOBS + parts
    assert invoices.aggregate(total=Sum("subtotal"))["total"] == lines
    assert not Invoice.objects.filter(pdf__isnull=True).exists()
    return {
        "invoice lines (labour + parts)": JOBS + parts,
        "seconds until every invoice is stored": stored - started,
        "seconds until every invoice is sent": done - started,
        "invoices per second (sent)": CUSTOMERS / (done - started),
        "total invoiced excl. VAT (EUR)": str(lines),
        "worker CPU seconds until stored (one thread: serial)": issuing,
        "worker CPU seconds from stored to sent (spread over processes)": sending,
        f"least seconds on {PROCESSES} idle cores (serial + spread / cores)": (
            issuing + sending / int(PROCESSES)
        ),
    }


def pdf_renders_per_second(count: int = 50) -> dict:
    """PDFs of stored invoices, rendered one after another in this process,
    by each renderer in turn (CPU seconds: the machine may be shared)."""
    from apps.invoicing.documents import render_pdf
    from apps.invoicing.models import Invoice

    documents = list(Invoice.objects.values_list("html", flat=True)[:count])
    rates = {}
    for name, render in [("printing", render_pdf), ("xhtml2pdf", _xhtml2pdf)]:
        render(documents[0])  # imports and caches
        started = time.process_time()
        for html in documents:
            render(html)
        rates[name] = len(documents) / (time.process_time() - started)
    return {
        "PDF renders per CPU second, printing (in use)": rates["printing"],
        "PDF renders per CPU second, xhtml2pdf": rates["xhtml2pdf"],
        "printing / xhtml2pdf": rates["printing"] / rates["xhtml2pdf"],
    }


def _xhtml2pdf(html: str) -> bytes:
    import io
    import logging

    from xhtml2pdf import pisa

    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    out = io.BytesIO()
    pisa.CreatePDF(html, dest=out, encoding="utf-8")
    return out.getvalue()


def main() -> None:
    common.setup("day_passes", engine="postgres", redis=True)
    from garage.kernel.transports import get_transport

    get_transport().broker.flush_all()
    seed()
    worker = start_worker()
    sampler = MemorySampler(worker.pid)
    sampler.start()
    try:
        warm_up()
        figures = {
            "customers": CUSTOMERS,
            "finished jobs": JOBS,
            "worker": f"{PROCESSES} processes, {THREADS} threads each",
        }
        figures |= measure(worker.pid)
        figures |= pdf_renders_per_second()
    finally:
        sampler.stopped.set()
        worker.terminate()
        worker.wait(timeout=30)
    mb = 1024 * 1024
    figures["peak worker process RSS (MB)"] = sampler.peak_process / mb
    figures["peak RSS of the worker's process tree (MB)"] = sampler.peak_tree / mb
    common.report("day_passes", figures)


if __name__ == "__main__":
    main()
