"""Every API operation succeeds for a client with a bearer token (SPEC 9)."""

from .data import (
    customer_data,
    job_data,
    job_day,
    plan_job,
    planned_job,
    register_customer,
    register_vehicle,
)


def test_register_a_customer(bearer):
    sent = customer_data()

    response = bearer.post("/api/customers", json=sent)

    assert response.status_code == 201, response.text
    assert {key: response.json()[key] for key in sent} == sent


def test_list_and_get_customers(bearer):
    customer = register_customer(bearer)
    url = f"/api/customers/{customer['customer_id']}"

    listed = bearer.get("/api/customers", params={"q": customer["email_address"]})
    got = bearer.get(url)

    assert listed.status_code == 200
    assert [c["customer_id"] for c in listed.json()["items"]] == [
        customer["customer_id"]
    ]
    assert (got.status_code, got.json()) == (200, customer)


def test_register_list_and_get_a_vehicle(bearer):
    owner = register_customer(bearer)

    vehicle = register_vehicle(bearer, owner["customer_id"])
    listed = bearer.get("/api/vehicles", params={"q": vehicle["license_number"]})
    got = bearer.get(f"/api/vehicles/{vehicle['license_number']}")

    assert vehicle["owner_id"] == owner["customer_id"]
    assert listed.json()["items"] == [vehicle]
    assert (got.status_code, got.json()) == (200, vehicle)


def test_plan_a_job_and_read_it_back(bearer):
    day = job_day()
    customer = register_customer(bearer)
    vehicle = register_vehicle(bearer, customer["customer_id"])

    planned = plan_job(bearer, day, job_data(day, vehicle["license_number"]))
    job = planned.json()
    planning = bearer.get(f"/api/workshop/plannings/{day}")
    got = bearer.get(f"/api/workshop/plannings/{day}/jobs/{job['job_id']}")

    assert planned.status_code == 201, planned.text
    assert (job["status"], job["customer"]["customer_id"]) == (
        "Planned",
        customer["customer_id"],
    )
    assert planning.status_code == 200
    assert planning.json() == {"date": str(day), "jobs": [job]}
    single = got.json()
    assert got.status_code == 200
    assert [step["event"] for step in single.pop("history")] == ["Planned"]
    assert single == job


def test_an_empty_planning_has_no_jobs(bearer):
    day = job_day()

    response = bearer.get(f"/api/workshop/plannings/{day}")

    assert (response.status_code, response.json()) == (
        200,
        {"date": str(day), "jobs": []},
    )


def test_finish_a_job(bearer):
    job = planned_job(bearer)
    day = job["planning_date"]

    response = bearer.post(
        f"/api/workshop/plannings/{day}/jobs/{job['job_id']}/finish",
        json={
            "actual_start_time": f"{day}T10:05:00",
            "actual_end_time": f"{day}T11:50:00",
            "notes": "Pads replaced",
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "Finished"
    assert response.json()["notes"] == "Pads replaced"


def test_cancel_a_job(bearer):
    job = planned_job(bearer)
    url = f"/api/workshop/plannings/{job['planning_date']}/jobs/{job['job_id']}"

    response = bearer.post(f"{url}/cancel", json={"reason": "Customer called off"})

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "Cancelled"
    assert bearer.get(url).json()["status"] == "Cancelled"


def test_list_invoices_and_reminders(bearer):
    for url in ("/api/invoices", "/api/reminders"):
        response = bearer.get(url, params={"limit": 5})

        assert response.status_code == 200, url
        assert set(response.json()) == {"items", "count"}
