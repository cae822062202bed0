from django.http import HttpResponse
from django.urls import path

app_name = "workshop"


def placeholder(request):
    return HttpResponse("workshop")


urlpatterns = [
    path("", placeholder, name="planning_today"),
    path("customers/<uuid:customer_id>/jobs", placeholder, name="customer_jobs"),
    path("vehicles/<str:license_number>/jobs", placeholder, name="vehicle_jobs"),
]
