from django.http import HttpResponse
from django.urls import path

app_name = "notifications"


def placeholder(request):
    return HttpResponse("notifications")


urlpatterns = [path("", placeholder, name="reminder_list")]
