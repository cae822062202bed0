"""The workshop's domain, in pure Python.

``planning`` holds the event-sourced aggregate and its stored events, ``rules``
the rules of planning a job, ``progress`` those of a job's day (which status
each step starts from), ``model`` the values it is made of, ``limits`` the
field limits.
"""

from .model import (
    Customer,
    Garage,
    Job,
    JobNotFoundError,
    PartLine,
    PlanningRuleError,
    Status,
    Vehicle,
)
from .planning import DomainEvent, WorkshopPlanning
from .progress import Step, allows, refusal

__all__ = [
    # the aggregate and its events
    "WorkshopPlanning",
    "DomainEvent",
    # values
    "Garage",
    "Customer",
    "Vehicle",
    "Job",
    "PartLine",
    "Status",
    # the steps of a job's day
    "Step",
    "allows",
    "refusal",
    # errors
    "PlanningRuleError",
    "JobNotFoundError",
]
