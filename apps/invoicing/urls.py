from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("", views.invoice_list, name="invoice_list"),
    path("receivables/", views.receivables, name="receivables"),
    path("export.csv", views.export_invoices, name="export"),
    path("<str:number>/", views.invoice_detail, name="invoice_detail"),
    path("<str:number>/document", views.invoice_document, name="invoice_document"),
    path("<str:number>/pdf", views.invoice_pdf, name="invoice_pdf"),
    path("<str:number>/payments", views.record_payment, name="record_payment"),
    path("<str:number>/credit", views.credit_invoice, name="credit_invoice"),
]
