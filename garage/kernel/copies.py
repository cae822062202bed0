"""Keeping a context's copy of another context's data current.

A copy row holds the ``version`` of the news it last applied. A change is
applied only if it is newer, so news arriving twice or out of order leaves the
latest; news about a row the copy does not hold yet (its ``...Registered``
has not arrived) is retried until it does.
"""

from typing import Any

from django.db import models

from .errors import NotFoundError


class NotKnownYetError(NotFoundError):
    """The copy does not hold the row yet; the delivery is retried, by which
    time the news that creates it has arrived."""


def follow(model: type[models.Model], pk: Any, version: int, **fields: Any) -> bool:
    """Sets ``fields`` on the copy of ``pk`` if ``version`` is newer than the
    one it holds; True if it did."""
    changed = model._default_manager.filter(pk=pk, version__lt=version).update(
        version=version, **fields
    )
    if not changed and not model._default_manager.filter(pk=pk).exists():
        raise NotKnownYetError(f"{model._meta.verbose_name} {pk} is not known yet.")
    return bool(changed)
