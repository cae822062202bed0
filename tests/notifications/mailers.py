"""Mail backends for tests: one that fails on its first send."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailsOnceBackend(EmailBackend):
    """Like locmem, except that the first send after ``arm()`` raises; with
    ``matching``, the first send of a message whose subject contains it (and
    only those are counted)."""

    armed = False
    attempts = 0
    matching = ""

    @classmethod
    def arm(cls, matching: str = "") -> None:
        cls.armed, cls.attempts, cls.matching = True, 0, matching

    def send_messages(self, messages):
        if not any(FailsOnceBackend.matching in m.subject for m in messages):
            return super().send_messages(messages)
        FailsOnceBackend.attempts += 1
        if FailsOnceBackend.armed:
            FailsOnceBackend.armed = False
            raise SMTPServerDisconnected("The mail server went away.")
        return super().send_messages(messages)


FAILS_ONCE = {"default": {"BACKEND": f"{__name__}.FailsOnceBackend"}}
