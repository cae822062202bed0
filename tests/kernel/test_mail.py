from types import SimpleNamespace

from django.core.mail import EmailMessage

from garage.kernel.mail import receipt, stable_message_id


def test_message_id_is_stable_per_thing_and_uses_the_senders_domain():
    first = stable_message_id("invoice", "2026-00001", "billing@garage.example")

    assert first == "<invoice-2026-00001@garage.example>"
    assert first == stable_message_id("invoice", "2026-00001", "x@garage.example")
    assert first != stable_message_id("invoice", "2026-00002", "x@garage.example")


def test_receipt_reads_anymails_status():
    message = EmailMessage(to=["a@example.com"])
    message.anymail_status = SimpleNamespace(message_id="esp-1", status={"queued"})

    assert receipt(message) == ("esp-1", "queued")


def test_receipt_without_anymail_says_sent():
    assert receipt(EmailMessage(to=["a@example.com"])) == ("", "sent")
