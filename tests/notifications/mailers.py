"""Mail backends for tests: one that fails on its first send."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailsOnceBackend(EmailBackend):
    """Like locmem, except that the first send after ``arm()`` raises."""

    armed = False
    attempts = 0

    @classmethod
    def arm(cls) -> None:
        cls.armed, cls.attempts = True, 0

    def send_messages(self, messages):
        FailsOnceBackend.attempts += 1
        if FailsOnceBackend.armed:
            FailsOnceBackend.armed = False
            raise SMTPServerDisconnected("The mail server went away.")
        return super().send_messages(messages)


FAILS_ONCE = {"default": {"BACKEND": f"{__name__}.FailsOnceBackend"}}
