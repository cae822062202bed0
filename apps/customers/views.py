from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from garage.kernel.errors import GarageError
from garage.kernel.roles import requires

from . import handlers, queries, rules
from .commands import (
    ChangeCustomerDetails,
    RegisterCustomer,
    RegisterVehicle,
    TransferVehicle,
)
from .forms import CustomerForm, TransferForm, VehicleForm

PAGE_SIZE = 25


@requires("customers.view_customer", "see the customers")
def customer_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    page = _page(request, queries.list_customers(search))
    return render(request, "customers/customer_list.html", {"page": page, "q": search})


@requires("customers.view_customer", "see a customer")
def customer_detail(request: HttpRequest, customer_id: UUID) -> HttpResponse:
    customer = queries.get_customer(customer_id)
    vehicles = queries.list_vehicles_of(customer)
    context = {"customer": customer, "vehicles": vehicles}
    return render(request, "customers/customer_detail.html", context)


@requires("customers.add_customer", "register a customer")
def customer_register(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = CustomerForm(data)
    if data is not None and form.is_valid():
        try:
            customer = handlers.register_customer(RegisterCustomer(**form.cleaned_data))
        except GarageError as exc:
            form.add_command_error(exc)
        else:
            messages.success(request, f"Customer {customer.name} is registered.")
            return redirect("customers:customer_detail", customer.customer_id)
    return render(request, "customers/customer_register.html", {"form": form})


@requires("customers.change_customer", "change a customer's details")
def customer_edit(request: HttpRequest, customer_id: UUID) -> HttpResponse:
    customer = queries.get_customer(customer_id)
    data = request.POST if request.method == "POST" else None
    initial = {field: getattr(customer, field) for field in rules.CUSTOMER}
    form = CustomerForm(data, initial=initial)
    if data is not None and form.is_valid():
        command = ChangeCustomerDetails(customer_id=customer_id, **form.cleaned_data)
        try:
            handlers.change_customer_details(command)
        except GarageError as exc:
            form.add_command_error(exc)
        else:
            messages.success(request, "The customer's details are saved.")
            return redirect("customers:customer_detail", customer_id)
    context = {"form": form, "customer": customer}
    return render(request, "customers/customer_edit.html", context)


@requires("customers.view_vehicle", "see the vehicles")
def vehicle_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    page = _page(request, queries.list_vehicles(search))
    return render(request, "customers/vehicle_list.html", {"page": page, "q": search})


@requires("customers.view_vehicle", "see a vehicle")
def vehicle_detail(request: HttpRequest, license_number: str) -> HttpResponse:
    vehicle = queries.get_vehicle(license_number)
    return render(request, "customers/vehicle_detail.html", {"vehicle": vehicle})


@requires("customers.add_vehicle", "register a vehicle")
def vehicle_register(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    owner_search, form = _vehicle_form(request, data)
    if data is not None and form.is_valid():
        try:
            vehicle = handlers.register_vehicle(RegisterVehicle(**form.cleaned_data))
        except GarageError as exc:
            form.add_command_error(exc)
        else:
            messages.success(
                request, f"Vehicle {vehicle.license_number} is registered."
            )
            return redirect("customers:vehicle_detail", vehicle.license_number)
    context = {"form": form, "owner_q": owner_search}
    return render(request, "customers/vehicle_register.html", context)


@requires("customers.change_vehicle", "transfer a vehicle")
def vehicle_transfer(request: HttpRequest, license_number: str) -> HttpResponse:
    vehicle = queries.get_vehicle(license_number)
    data = request.POST if request.method == "POST" else None
    owner_search = (data or request.GET).get("owner_q", "")
    selected = _uuid((data or {}).get("owner_id"))
    owners = queries.list_owner_choices(owner_search, selected)
    form = TransferForm(data, owners=owners)
    if data is not None and form.is_valid():
        command = TransferVehicle(
            license_number=vehicle.license_number, **form.cleaned_data
        )
        try:
            handlers.transfer_vehicle(command)
        except GarageError as exc:
            form.add_command_error(exc)
        else:
            messages.success(
                request, f"Vehicle {vehicle.license_number} is transferred."
            )
            return redirect("customers:vehicle_detail", vehicle.license_number)
    context = {"form": form, "vehicle": vehicle, "owner_q": owner_search}
    return render(request, "customers/vehicle_transfer.html", context)


def _vehicle_form(
    request: HttpRequest, data: QueryDict | None
) -> tuple[str, VehicleForm]:
    """The owner list holds the customers matching the owner search (at most
    50 of however many there are), plus the chosen owner: the one posted, or
    ``?owner=<id>`` when coming from a customer's page, or the only match."""
    owner_search = (data or request.GET).get("owner_q", "")
    selected = _uuid((data or {}).get("owner_id") or request.GET.get("owner"))
    owners = queries.list_owner_choices(owner_search, selected)
    if selected is None and owner_search and len(owners) == 1:
        selected = owners[0].customer_id
    form = VehicleForm(data, initial={"owner_id": selected}, owners=owners)
    return owner_search, form


def _page(request: HttpRequest, items: QuerySet) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _uuid(value: object) -> UUID | None:
    try:
        return rules.owner_id(value)
    except ValidationError:
        return None
