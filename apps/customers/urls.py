from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("customers/", views.customer_list, name="customer_list"),
    path("customers/register", views.customer_register, name="customer_register"),
    path(
        "customers/<uuid:customer_id>/", views.customer_detail, name="customer_detail"
    ),
    path(
        "customers/<uuid:customer_id>/change",
        views.customer_edit,
        name="customer_edit",
    ),
    path("vehicles/", views.vehicle_list, name="vehicle_list"),
    path("vehicles/register", views.vehicle_register, name="vehicle_register"),
    path("vehicles/<str:license_number>/", views.vehicle_detail, name="vehicle_detail"),
    path(
        "vehicles/<str:license_number>/transfer",
        views.vehicle_transfer,
        name="vehicle_transfer",
    ),
]
