"""The accountant's CSV: one row per invoice or credit note of a period.

UTF-8 with a byte-order mark (so a spreadsheet reads "€" and accented names
right), amounts as decimal strings with a point, dates as ISO 8601, and a name that
looks like a formula written as text.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date

from .models import Invoice

HEADER = [
    "number",
    "date",
    "customer",
    "subtotal",
    "vat",
    "total",
    "status",
    "paid on",
    "credits",
]


# A cell a spreadsheet would run as a formula (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """Text a spreadsheet shows as written: a leading apostrophe keeps a
    name such as ``=HYPERLINK(...)`` from running. Amounts are not text and
    keep their minus sign."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Line:
    """A file-like that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def rows(invoices: Iterable[Invoice], today: date) -> Iterator[list[str]]:
    yield HEADER
    for invoice in invoices:
        yield [
            invoice.number,
            invoice.invoice_date.isoformat(),
            as_text(invoice.customer_name),
            str(invoice.subtotal),
            str(invoice.vat),
            str(invoice.total),
            invoice.status_on(today).value,
            invoice.paid_on.isoformat() if invoice.paid_on else "",
            invoice.credits.number if invoice.credits_id else "",
        ]


def csv_lines(invoices: Iterable[Invoice], today: date) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"
    for row in rows(invoices, today):
        yield writer.writerow(row)
