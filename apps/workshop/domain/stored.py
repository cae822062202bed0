"""The base of the planning's stored events, and the job's details several
of them carry, to and from the domain's values."""

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .model import Customer, Job, Vehicle


class DomainEvent(BaseModel):
    """A stored event of the planning: its persistence format, never published.

    A later ``schema_version`` may only add fields with defaults, so that the
    events stored before it still decode (they are never rewritten).
    """

    model_config = ConfigDict(frozen=True)

    schema_version: ClassVar[int] = 1

    @classmethod
    def type_name(cls) -> str:
        return cls.__qualname__


class JobDetails(DomainEvent):
    """A job as it is planned: what a planning needs to know it by itself."""

    job_id: UUID
    start_time: AwareDatetime
    end_time: AwareDatetime
    description: str
    customer_id: UUID
    customer_name: str
    customer_telephone_number: str
    license_number: str
    brand: str
    type: str


def details(
    job_id: UUID,
    start_time: datetime,
    end_time: datetime,
    vehicle: Vehicle,
    description: str,
) -> dict[str, Any]:
    """The fields of a ``JobDetails`` event; the vehicle's owner is known."""
    owner = vehicle.owner
    assert owner is not None
    return {
        "job_id": job_id,
        "start_time": start_time,
        "end_time": end_time,
        "description": description,
        "customer_id": owner.customer_id,
        "customer_name": owner.name,
        "customer_telephone_number": owner.telephone_number,
        "license_number": vehicle.license_number,
        "brand": vehicle.brand,
        "type": vehicle.type,
    }


def job_from(event: JobDetails) -> Job:
    customer = Customer(
        event.customer_id, event.customer_name, event.customer_telephone_number
    )
    return Job(
        job_id=event.job_id,
        start_time=event.start_time,
        end_time=event.end_time,
        description=event.description,
        customer=customer,
        vehicle=Vehicle(event.license_number, event.brand, event.type, customer),
    )
