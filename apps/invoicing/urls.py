from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("", views.invoice_list, name="invoice_list"),
    path("<str:number>/", views.invoice_detail, name="invoice_detail"),
    path("<str:number>/document", views.invoice_document, name="invoice_document"),
]
