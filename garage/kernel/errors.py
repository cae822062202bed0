"""Errors every context raises, mapped to HTTP once, in ``garage.api``.

Pure Python, so domain modules may raise them.
"""


class GarageError(Exception):
    """Base of the errors a user can cause; ``code`` is machine-readable."""

    code = "error"
    retry_after: int | None = None  # seconds, when trying again may succeed

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFoundError(GarageError):
    """The thing asked for does not exist (HTTP 404)."""

    code = "not_found"


class RuleViolationError(GarageError):
    """A business rule forbids the command in the current state (HTTP 409)."""

    code = "rule_violated"


class ConcurrencyError(RuleViolationError):
    """Someone else changed the same thing first, and retrying did not help."""

    code = "concurrency_conflict"


class InvalidInputError(GarageError):
    """Input fails a field rule (HTTP 422); ``errors`` maps field -> messages."""

    code = "invalid"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}
