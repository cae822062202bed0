from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from garage.kernel.errors import NotFoundError

from .queries import get_invoice, get_invoice_page


@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    page = get_invoice_page(request.GET.get("page"))
    return render(request, "invoicing/invoice_list.html", {"page": page})


@require_GET
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice exactly as it was stored and mailed: a printable document."""
    try:
        invoice = get_invoice(number)
    except NotFoundError as exc:
        return render(request, "invoicing/not_found.html", {"detail": exc}, status=404)
    return HttpResponse(invoice.html)
