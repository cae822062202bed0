"""The workshop's domain, in pure Python.

``planning`` holds the event-sourced aggregate and its stored events, ``rules``
the rules its commands enforce, ``model`` the values it is made of.
"""

from .model import (
    Customer,
    Garage,
    Job,
    JobNotFoundError,
    PlanningRuleError,
    Status,
    Vehicle,
)
from .planning import DomainEvent, WorkshopPlanning

__all__ = [
    # the aggregate and its events
    "WorkshopPlanning",
    "DomainEvent",
    # values
    "Garage",
    "Customer",
    "Vehicle",
    "Job",
    "Status",
    # errors
    "PlanningRuleError",
    "JobNotFoundError",
]
