from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from garage.kernel.roles import requires

from .queries import get_invoice, get_invoice_page


@requires("invoicing.view_invoice", "see the invoices")
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    page = get_invoice_page(request.GET.get("page"))
    return render(request, "invoicing/invoice_list.html", {"page": page})


@requires("invoicing.view_invoice", "see an invoice")
@require_GET
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice among the app's pages: navigation, a way back, and the
    document itself, framed."""
    invoice = get_invoice(number)
    return render(request, "invoicing/invoice_detail.html", {"invoice": invoice})


@requires("invoicing.view_invoice", "see an invoice")
@require_GET
@xframe_options_sameorigin
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["'self'"]})
def invoice_document(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice exactly as it was stored and mailed: a printable document."""
    return HttpResponse(get_invoice(number).html)
