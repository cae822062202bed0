"""What invoicing can be asked to do: by its subscribers, when a day passes."""

from datetime import date

from garage.kernel.messages import Command


class IssueInvoices(Command):
    invoice_date: date


class SendInvoice(Command):
    number: str
