"""E-mail helpers shared by the contexts that send mail."""

from django.core.mail import EmailMessage


def stable_message_id(kind: str, key: str, from_email: str) -> str:
    """A Message-ID that is the same on every attempt to send one thing, so a
    receiver can recognise a copy sent again after a retry."""
    domain = from_email.rpartition("@")[2] or "garage"
    return f"<{kind}-{key}@{domain}>"


def receipt(message: EmailMessage) -> tuple[str, str]:
    """The ESP's message id and status, when django-anymail sent the message."""
    status = getattr(message, "anymail_status", None)
    if status is None:
        return "", "sent"
    return _flat(status.message_id), _flat(status.status)


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, set | frozenset | list | tuple):
        return ",".join(sorted(str(item) for item in value))
    return str(value)
