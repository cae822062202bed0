from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from garage.kernel.errors import InvalidInputError, RuleViolationError
from garage.kernel.roles import requires

from . import documents, export, handlers, queries
from .forms import CreditForm, PaymentForm, PeriodForm


@requires("invoicing.view_invoice", "see the invoices")
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    page, today = (
        queries.get_invoice_page(request.GET.get("page")),
        queries.business_day(),
    )
    for invoice in page:
        invoice.status = invoice.status_on(today)
    context = {"page": page}
    return render(request, "invoicing/invoice_list.html", context)


@requires("invoicing.view_invoice", "see an invoice")
@require_GET
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice among the app's pages: its status and payments, what may
    be done with it, and the document itself, framed."""
    return _detail(request, number)


def _detail(request, number, payment_form=None, credit_form=None, status=200):
    invoice = queries.get_invoice(number)
    context = {
        "invoice": invoice,
        "status": invoice.status_on(queries.business_day()),
        "payment_form": payment_form or PaymentForm(),
        "credit_form": credit_form or CreditForm(),
    }
    return render(request, "invoicing/invoice_detail.html", context, status=status)


@requires("invoicing.record_payment", "record a payment")
@require_POST
def record_payment(request: HttpRequest, number: str) -> HttpResponse:
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = handlers.record_payment(form.command(number, request.user))
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, f"Recorded € {payment.amount} on {number}.")
            return redirect("invoicing:invoice_detail", number=number)
    return _detail(request, number, payment_form=form, status=400)


@requires("invoicing.credit_invoice", "credit an invoice")
@require_POST
def credit_invoice(request: HttpRequest, number: str) -> HttpResponse:
    form = CreditForm(request.POST)
    if form.is_valid():
        try:
            note = handlers.credit_invoice(form.command(number, request.user))
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(
                request,
                f"Invoice {number} is credited by credit note {note.number}; "
                "its jobs are invoiced again when the next day passes.",
            )
            return redirect("invoicing:invoice_detail", number=note.number)
    return _detail(request, number, credit_form=form, status=400)


@requires("invoicing.view_invoice", "see an invoice")
@require_GET
@xframe_options_sameorigin
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["'self'"]})
def invoice_document(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice exactly as it was stored and mailed: a printable document."""
    return HttpResponse(queries.get_document(number).html)


@requires("invoicing.view_invoice", "download an invoice")
@require_GET
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    return pdf_response(queries.get_document(number))


def pdf_response(invoice) -> HttpResponse:
    """The stored PDF, the one that was mailed; before mailing, the same
    document rendered from the stored HTML."""
    response = HttpResponse(documents.pdf_of(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@requires("invoicing.view_receivables", "see the receivables")
@require_GET
def receivables(request: HttpRequest) -> HttpResponse:
    return _receivables_page(request)


def _receivables_page(request, period_form=None, status=200) -> HttpResponse:
    today = queries.business_day()
    context = {
        "today": today,
        "rows": queries.receivables(today),
        "period_form": period_form
        or PeriodForm(initial={"first": today.replace(month=1, day=1), "last": today}),
    }
    return render(request, "invoicing/receivables.html", context, status=status)


@requires("invoicing.view_receivables", "export the invoices")
@require_GET
def export_invoices(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _receivables_page(request, period_form=form, status=400)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    lines = export.csv_lines(
        queries.invoices_between(first, last), queries.business_day()
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="invoices-{first}-{last}.csv"'
    )
    return response
