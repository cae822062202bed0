from django.http import HttpResponse
from django.urls import path

app_name = "timekeeping"


def placeholder(request):
    return HttpResponse("timekeeping")


urlpatterns = [path("", placeholder, name="business_day")]
