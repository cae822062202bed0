from django.http import HttpResponse
from django.urls import path

app_name = "invoicing"


def placeholder(request):
    return HttpResponse("invoicing")


urlpatterns = [path("", placeholder, name="invoice_list")]
