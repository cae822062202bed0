"""docs/events.md is what ``manage.py event_catalogue`` writes from the code."""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "docs" / "events.md"


def written(tmp_path) -> str:
    output = tmp_path / "events.md"
    call_command("event_catalogue", output=output, stdout=StringIO())
    return output.read_text()


def test_docs_events_md_is_current(tmp_path):
    assert written(tmp_path) == CATALOGUE.read_text(), (
        "docs/events.md is out of date: run python manage.py event_catalogue"
    )


def test_it_names_each_event_with_its_source_and_consumers(tmp_path):
    catalogue = written(tmp_path)
    assert (
        "| [CustomerRegistered](#customerregistered) | customers | 1 | "
        "workshop, notifications, invoicing |" in catalogue
    )
    assert "- **invoicing**: `when_day_has_passed_issue_invoices`" in catalogue


def test_it_types_every_field_nested_ones_too(tmp_path):
    catalogue = written(tmp_path)
    assert "| `start_time` | AwareDatetime |" in catalogue
    assert "| `customer.customer_id` | UUID |" in catalogue


def test_events_and_consumers_of_the_tests_are_left_out(tmp_path):
    # tests/kernel/conftest.py declares Pinged and registers contexts for it.
    assert "Pinged" not in written(tmp_path)
