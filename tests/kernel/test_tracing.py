"""Correlation: a request's id follows its events through their handlers, and
every log line written while a delivery is handled tells which one."""

import io
import json
import logging
import uuid

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

from garage.kernel import bus as kernel_bus
from garage.kernel import tracing
from garage.kernel.messages import Envelope, Event
from garage.kernel.models import Delivery, OutboxEvent
from garage.kernel.web import RequestIdMiddleware

handler_logger = logging.getLogger("tests.gamma")
BROKEN: set[str] = set()


class Asked(Event):
    question: str


class Answered(Event):
    answer: str


def when_asked_gamma_answers(event: Asked) -> None:
    handler_logger.info("Answering %s", event.question)
    if "gamma" in BROKEN:
        raise RuntimeError("gamma is broken")
    kernel_bus.publish(Answered(answer=event.question.upper()))


kernel_bus.register("gamma", {Asked: [when_asked_gamma_answers]})


@pytest.fixture(autouse=True)
def _gamma_works():
    BROKEN.clear()
    yield
    BROKEN.clear()


@pytest.fixture
def traced(caplog):
    """caplog's records, with the trace the console handler's filter adds."""
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(tracing.TraceFilter())
    return caplog


def stored(event_class: type[Event]) -> OutboxEvent:
    return OutboxEvent.objects.get(event_type=event_class.event_type())


def request_publishing(request_id: str | None = None):
    """A request through the middleware whose view publishes ``Asked``."""

    def view(request):
        kernel_bus.publish(Asked(question="why"))
        return HttpResponse("asked")

    headers = {"HTTP_X_REQUEST_ID": request_id} if request_id else {}
    return RequestIdMiddleware(view)(RequestFactory().post("/ask", **headers))


def test_request_id_follows_the_events_through_their_handlers(bus):
    response = request_publishing("req-42.a")
    bus.drain()

    asked, answered = stored(Asked), stored(Answered)
    assert response["X-Request-ID"] == "req-42.a"
    assert (asked.correlation_id, asked.causation_id) == ("req-42.a", "req-42.a")
    assert answered.correlation_id == "req-42.a"
    assert answered.causation_id == str(asked.event_id)
    envelope = Envelope.model_validate(answered.envelope)
    assert (envelope.correlation_id, envelope.causation_id) == (
        "req-42.a",
        str(asked.event_id),
    )


def test_a_request_without_an_id_gets_a_new_one(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")

    assert uuid.UUID(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_request_id_is_echoed(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="0f3a-Root=1:x/y+z_")

    assert response["X-Request-ID"] == "0f3a-Root=1:x/y+z_"


@pytest.mark.parametrize(
    "given", ["", "two words", "<script>", "a" * 129, "é", "id;drop", "a\tb"]
)
def test_an_insane_request_id_is_replaced(client, db, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)

    assert response.status_code == 200
    assert response["X-Request-ID"] != given
    assert uuid.UUID(response["X-Request-ID"])


def test_a_command_is_an_action_of_its_own(db):
    from django.core.management import call_command

    call_command("day_has_passed", "--date", "2026-03-02", stdout=io.StringIO())
    call_command("day_has_passed", "--date", "2026-03-03", stdout=io.StringIO())

    first, second = OutboxEvent.objects.filter(event_type="DayHasPassed").order_by("id")
    assert first.correlation_id and first.causation_id == first.correlation_id
    assert second.correlation_id != first.correlation_id


def test_a_command_with_an_option_named_command_still_runs(capsys):
    """The wrapper's own argument must not clash with a command's options:
    ``shell -c`` (option "command") once failed, and with it ``bin/run``'s
    check for a first user."""
    from django.core.management import call_command

    call_command("shell", command="print('ran')", no_imports=True)

    assert "ran" in capsys.readouterr().out


def test_lines_written_while_a_delivery_is_handled_tell_which(bus, traced):
    response = request_publishing()
    bus.drain()
    bus.settle()  # the attempt's line follows its commit

    asked = stored(Asked)
    [line] = [r for r in traced.records if r.getMessage() == "Answering why"]
    assert line.correlation_id == response["X-Request-ID"]
    assert line.causation_id == line.event_id == str(asked.event_id)
    assert (line.event_type, line.consumer) == ("Asked", "gamma")
    [attempt] = [r for r in traced.records if getattr(r, "outcome", "") == "handled"]
    assert attempt.event_id == str(asked.event_id)
    assert attempt.delivery_id == Delivery.objects.get(consumer="gamma").pk


def test_one_line_per_attempt_and_for_the_dead_letter(bus, traced, settings):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 2}
    BROKEN.add("gamma")
    request_publishing()
    bus.drain()
    bus.settle()

    attempts = [r for r in traced.records if hasattr(r, "outcome")]
    assert [(r.outcome, r.levelname) for r in attempts] == [
        ("retry", "WARNING"),
        ("retry", "WARNING"),
        ("dead", "ERROR"),
    ]
    assert all(r.consumer == "gamma" and r.exc_info for r in attempts)
    assert not OutboxEvent.objects.filter(event_type="Answered").exists()


def json_console() -> tuple[logging.Handler, io.StringIO]:
    """A handler as settings.LOGGING configures the JSON one, into a buffer."""
    config = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(config.pop("()"))(**config)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(tracing.TraceFilter())
    handler.setFormatter(formatter)
    return handler, out


def test_json_lines_carry_the_trace():
    handler, out = json_console()
    handler_logger.addHandler(handler)
    envelope = {"event_id": "e-1", "event_type": "Asked", "correlation_id": "c-1"}
    try:
        with tracing.delivery(7, "gamma", envelope) as attempt:
            handler_logger.warning("Answering %s", "why")
            attempt.state = "handled"
    finally:
        handler_logger.removeHandler(handler)

    [line] = [json.loads(text) for text in out.getvalue().splitlines()]
    assert line["message"] == "Answering why"
    assert line["level"] == "WARNING"
    assert line["time"]
    assert (line["correlation_id"], line["causation_id"]) == ("c-1", "e-1")
    assert (line["event_id"], line["event_type"], line["consumer"]) == (
        "e-1",
        "Asked",
        "gamma",
    )


def test_an_envelope_stored_before_correlation_loads_and_begins_its_own(bus):
    old = Envelope.wrap(Asked(question="old"), occurred_at=_now()).model_dump(
        mode="json"
    )
    del old["correlation_id"], old["causation_id"]

    assert Envelope.model_validate(old).correlation_id == ""
    assert Envelope.model_validate(old).open() == Asked(question="old")
    event = OutboxEvent.objects.create(
        event_id=old["event_id"],
        event_type="Asked",
        source="tests",
        occurred_at=old["occurred_at"],
        envelope=old,
    )
    Delivery.objects.create(event=event, consumer="gamma")
    bus.drain()

    answered = stored(Answered)
    assert answered.correlation_id == answered.causation_id == old["event_id"]


def test_the_admin_shows_what_an_event_caused(bus, client, staff):
    request_publishing("req-tree")
    bus.drain()
    asked, answered = stored(Asked), stored(Answered)
    client.force_login(staff)

    page = client.get(f"/admin/kernel/outboxevent/{asked.pk}/change/")

    assert page.status_code == 200
    caused = page.text.split("Events it caused")[1]
    assert f"/admin/kernel/outboxevent/{answered.pk}/change/" in caused
    assert "gamma: handled" in page.text
    leaf = client.get(f"/admin/kernel/outboxevent/{answered.pk}/change/")
    root_link = f"/admin/kernel/outboxevent/{asked.pk}/change/"
    assert root_link in leaf.text.split("Events of the same action")[1]
    assert (
        root_link
        not in leaf.text.split("Events it caused")[1].split(
            "Events of the same action"
        )[0]
    )


def test_the_event_store_records_the_trace(db):
    from apps.workshop.models import PlanningEvent
    from garage.kernel import eventstore

    new = eventstore.NewEvent("Planned", "{}", {"user": "system"})
    with tracing.action("cmd-1"):
        eventstore.append(PlanningEvent, "planning-x", 0, [new])

    metadata = PlanningEvent.objects.get(stream_id="planning-x").metadata
    assert metadata == {"correlation_id": "cmd-1", "causation_id": "cmd-1"} | {
        "user": "system"
    }


def _now():
    from django.utils import timezone

    return timezone.now()
