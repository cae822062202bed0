from django.urls import path

from . import views

app_name = "timekeeping"

urlpatterns = [path("", views.business_day, name="business_day")]
