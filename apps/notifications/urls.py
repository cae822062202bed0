from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("reminders/", views.reminder_list, name="reminder_list"),
    path("messages/", views.message_list, name="message_list"),
    path("service-due/", views.service_due, name="service_due"),
]
