"""Where the worker's CPU goes on a day of invoices, in-process, in production
settings (DEBUG off, PostgreSQL, Redis). A tool, not a benchmark bench/run
runs: ``python bench/profile_invoicing.py [customers] [jobs]``.

Seeds the day of ``day_passes_bench`` (deterministically: the same ids every
run), publishes one DayHasPassed, then does what the worker's actor does, in
this process: ``deliver_batch`` of the DayHasPassed delivery to invoicing
(issuing), then of the InvoiceIssued deliveries, 100 a message (sending).
Prints CPU seconds and statements per invoice for each, the CPU of the PDF
renders alone, a digest of every stored HTML and PDF (the documents must not
change with speed work), and keeps the profiles in
bench/results/profile_invoicing.txt (``PROFILE=0``: figures only).
"""

import cProfile
import hashlib
import io
import os
import pstats
import random
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

CUSTOMERS = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
JOBS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
PROFILE = os.environ.get("PROFILE", "1") == "1"
# STUB_RENDER=1: every PDF rendered first, alone, then sending takes them from
# there: the render's CPU and the rest's, apart.
STUB_RENDER = os.environ.get("STUB_RENDER", "0") == "1"
# THREADS=8: the batches handled by that many threads at once, as in one
# worker process (cProfile sees the calling thread only: use PROFILE=0).
THREADS = int(os.environ.get("THREADS", "1"))
RENDERED = 200  # invoices rendered again, alone, to tell the render's CPU
# ISSUING_ONLY=1: stop after issuing (its figures and the HTMLs' digest).
ISSUING_ONLY = os.environ.get("ISSUING_ONLY", "0") == "1"


class Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def measured(name: str, figures: dict, profiles: dict):
    from django.db import connection

    statements = Statements()
    profile = cProfile.Profile() if PROFILE else None
    with connection.execute_wrapper(statements):
        started = time.process_time()
        if profile:
            profile.enable()
        yield
        if profile:
            profile.disable()
        figures[f"{name}: CPU seconds"] = time.process_time() - started
    figures[f"{name}: statements"] = statements.count
    if profile:
        profiles[name] = profile


def main() -> None:
    # As the benchmark's worker: the message is built, not sent anywhere.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    common.setup("day_passes", engine="postgres", redis=True)
    from bench import day_passes_bench as bench
    from garage.kernel.transports import get_transport

    bench.CUSTOMERS, bench.JOBS = CUSTOMERS, JOBS
    get_transport().broker.flush_all()
    seeded = random.Random(12)
    uuid.uuid4 = lambda: uuid.UUID(int=seeded.getrandbits(128), version=4)
    bench.seed()

    from apps.invoicing import documents
    from apps.invoicing.models import Invoice
    from apps.timekeeping.events import DayHasPassed
    from garage.kernel.batch import deliver_batch
    from garage.kernel.models import Delivery

    figures: dict = {}
    profiles: dict = {}
    bench.pass_day(bench.DAY)
    day = Delivery.objects.get(
        consumer="invoicing", event__event_type=DayHasPassed.event_type()
    )
    with measured("issuing", figures, profiles):
        deliver_batch([day.pk])
    issued = list(
        Delivery.objects.filter(
            consumer="invoicing", event__event_type="InvoiceIssued"
        ).values_list("pk", flat=True)
    )
    count = Invoice.objects.count()
    assert count == CUSTOMERS == len(issued), (count, len(issued))
    htmls = list(Invoice.objects.order_by("number").values_list("html", flat=True))
    figures["digest of the HTMLs"] = _digest(htmls)
    figures["issuing: CPU ms per invoice"] = (
        figures["issuing: CPU seconds"] * 1000 / count
    )
    if ISSUING_ONLY:
        return _report(figures, profiles)
    if STUB_RENDER:
        started = time.process_time()
        rendered = {html: documents.render_pdf(html) for html in htmls}
        figures["PDF render alone: CPU ms per invoice"] = (
            (time.process_time() - started) * 1000 / count
        )
        documents.render_pdf = rendered.__getitem__
        with measured("sending, PDFs rendered before", figures, profiles):
            _handle_all(issued, deliver_batch)
        figures["sending beyond the render: CPU ms per invoice"] = (
            figures["sending, PDFs rendered before: CPU seconds"] * 1000 / count
        )
        return _report(figures, profiles)
    with measured("sending", figures, profiles):
        _handle_all(issued, deliver_batch)
    assert not Invoice.objects.filter(sent_at__isnull=True).exists()

    stored = Invoice.objects.order_by("number").values_list("pdf", flat=True)
    pdfs = [bytes(pdf) for pdf in stored]
    sample = range(0, count, max(1, count // RENDERED))  # the render alone
    started = time.process_time()
    assert [documents.render_pdf(htmls[n]) for n in sample] == [pdfs[n] for n in sample]
    rendering = (time.process_time() - started) * count / len(sample)
    per = 1000 / count
    figures |= {
        "invoices": count,
        "sending: CPU ms per invoice": figures["sending: CPU seconds"] * per,
        "PDF render alone: CPU ms per invoice": rendering * per,
        "sending beyond the render: CPU ms per invoice": (
            figures["sending: CPU seconds"] - rendering
        )
        * per,
        "issuing: statements per invoice": figures["issuing: statements"] / count,
        "sending: statements per invoice": figures["sending: statements"] / count,
        "digest of the PDFs": _digest(pdfs),
    }
    _report(figures, profiles)


def _handle_all(issued: list[int], deliver_batch) -> None:
    batches = [issued[first : first + 100] for first in range(0, len(issued), 100)]
    if THREADS == 1:
        for batch in batches:
            deliver_batch(batch)
        return
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def handle(batch: list[int]) -> None:
        try:
            deliver_batch(batch)
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(handle, batches))


def _report(figures: dict, profiles: dict) -> None:
    if PROFILE:
        out = io.StringIO()
        for name, profile in profiles.items():
            out.write(f"\n===== {name} =====\n")
            stats = pstats.Stats(profile, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
        common.RESULTS.mkdir(parents=True, exist_ok=True)
        (common.RESULTS / "profile_invoicing.txt").write_text(out.getvalue())
    common.report("profile_invoicing", figures)


def _digest(documents) -> str:
    digest = hashlib.sha256()
    for document in documents:
        digest.update(document.encode() if isinstance(document, str) else document)
    return digest.hexdigest()[:16]


if __name__ == "__main__":
    main()
