from django.http import HttpResponse
from django.urls import path

app_name = "customers"


def placeholder(request):
    return HttpResponse("customers")


urlpatterns = [
    path("customers/", placeholder, name="customer_list"),
    path("customers/register", placeholder, name="customer_register"),
    path("vehicles/", placeholder, name="vehicle_list"),
    path("vehicles/register", placeholder, name="vehicle_register"),
]
