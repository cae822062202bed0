"""Customer and vehicle pages with 10,000 customers and 15,000 vehicles.

Median (and p95) render time over 30 requests through Django's test client,
logged in, and the SQL queries each page takes, on SQLite and on PostgreSQL.
Django is set up once per process, so the driver runs itself once per engine
(``customers_bench.py sqlite`` / ``postgres``) and merges the figures.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 10_000))
VEHICLES = int(os.environ.get("BENCH_VEHICLES", 15_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
ENGINES = ["sqlite", "postgres"]
FIRST = ["Anna", "Bram", "Daan", "Emma", "Fleur", "Jan", "Lotte", "Noah", "Sem"]
LAST = ["Bakker", "de Vries", "Jansen", "Smit", "Visser", "Mulder", "de Boer"]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Zwolle"]
BRANDS = [("Volkswagen", "Golf"), ("Opel", "Astra"), ("Volvo", "V70"), ("Kia", "Niro")]
PAGES = {
    "customer list page 1": "/customers/",
    "customer search (many matches)": "/customers/?q=bakker",
    "customer search (one match)": "/customers/?q=emma.bakker.4242@",
    "customer list last page": "/customers/?page=last",
    "vehicle list page 1": "/vehicles/",
    "vehicle register (owner search)": "/vehicles/register?owner_q=utrecht",
}


def letters(n: int) -> str:
    return "".join(chr(ord("A") + (n // 26**i) % 26) for i in range(3))


def fill() -> None:
    from apps.customers.models import Customer, Vehicle

    customers = [
        Customer(
            name=f"{FIRST[i % 9]} {LAST[i % 7]}",
            address=f"Dorpsstraat {i}",
            postal_code=f"{1000 + i % 9000} AB",
            city=CITIES[i % 6],
            telephone_number=f"06-{i:08}",
            email_address=f"{FIRST[i % 9]}.{LAST[i % 7]}.{i}@example.com".lower(),
        )
        for i in range(CUSTOMERS)
    ]
    Customer.objects.bulk_create(customers, batch_size=1000)
    Vehicle.objects.bulk_create(
        (
            Vehicle(
                license_number=f"{i % 1000}-{letters(i // 1000)}-{i % 97}",
                brand=BRANDS[i % 4][0],
                type=BRANDS[i % 4][1],
                owner=customers[i % CUSTOMERS],
            )
            for i in range(VEHICLES)
        ),
        batch_size=1000,
    )


def analyze() -> None:
    """Statistics, and on PostgreSQL a vacuum that moves the bulk insert out of
    the trigram index's pending list, as autovacuum does on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        vacuum = "VACUUM " if connection.vendor == "postgresql" else ""
        cursor.execute(f"{vacuum}ANALYZE")


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {
        "median ms": common.median(times),
        "p95 ms": common.percentile(times, 95),
        "queries": len(captured),
    }


def run(engine: str) -> dict:
    common.setup("customers", engine=engine)
    from django.contrib.auth.models import User
    from django.test import Client

    started = time.perf_counter()
    fill()
    analyze()
    figures = {f"{engine}: bulk insert s": time.perf_counter() - started}
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.create_superuser("bench"))
    for page, url in PAGES.items():
        for key, value in measure(client, url).items():
            figures[f"{engine}: {page}: {key}"] = value
    return figures


def main() -> None:
    figures = {"customers": CUSTOMERS, "vehicles": VEHICLES, "requests": REQUESTS}
    for engine in ENGINES:
        done = subprocess.run(
            [sys.executable, __file__, engine],
            capture_output=True,
            text=True,
            check=True,
            cwd=common.ROOT,
        )
        figures |= json.loads(done.stdout.strip().splitlines()[-1])
    common.report("customers", figures)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(run(sys.argv[1])))
    else:
        main()
