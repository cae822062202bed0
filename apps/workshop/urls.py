from django.http import HttpResponse
from django.urls import path

app_name = "workshop"


def placeholder(request):
    return HttpResponse("workshop")


urlpatterns = [path("", placeholder, name="planning_today")]
