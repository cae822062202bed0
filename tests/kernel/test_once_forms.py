"""A form's one-time token (garage/kernel/once.py): a second submit of the
same page replays the first answer instead of doing the work twice."""

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.customers.events import CustomerRegistered
from apps.customers.models import Customer
from garage.kernel.models import IdempotentRequest
from garage.kernel.testing import published
from tests.customers.cases import CUSTOMER

pytestmark = pytest.mark.django_db

REGISTER = reverse("customers:customer_register")
TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([\w-]+)">')


def detail(customer) -> str:
    return reverse("customers:customer_detail", args=[customer.pk])


def form_token(client) -> str:
    return TOKEN.search(client.get(REGISTER).text).group(1)


def said(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_each_page_of_a_form_has_a_token_of_its_own(logged_in):
    first, second = form_token(logged_in), form_token(logged_in)

    assert len(first) >= 16
    assert first != second


def test_a_second_submit_of_the_same_page_replays_the_first_answer(logged_in):
    data = {**CUSTOMER, "form_token": form_token(logged_in)}
    first = logged_in.post(REGISTER, data)

    second = logged_in.post(REGISTER, data)

    customer = Customer.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == detail(customer)
    assert said(second)[-1] == (
        "info",
        "This form had already been sent: it was done once.",
    )
    assert len(published(CustomerRegistered)) == 1


def test_other_values_sent_with_a_used_token_are_not_saved_and_say_so(logged_in):
    token = form_token(logged_in)
    logged_in.post(REGISTER, {**CUSTOMER, "form_token": token})

    again = logged_in.post(REGISTER, {**CUSTOMER, "name": "Piet", "form_token": token})

    assert list(Customer.objects.values_list("name", flat=True)) == ["Jan Jansen"]
    assert again.status_code == 302
    level, message = said(again)[-1]
    assert level == "warning" and "not saved" in message


def test_a_form_shown_again_with_errors_may_be_sent_again_corrected(logged_in):
    token = form_token(logged_in)
    refused = logged_in.post(
        REGISTER, {**CUSTOMER, "postal_code": "nonsense!!", "form_token": token}
    )

    corrected = logged_in.post(REGISTER, {**CUSTOMER, "form_token": token})

    assert refused.status_code == 200
    assert corrected.status_code == 302
    assert Customer.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


def test_without_a_token_a_form_works_as_before(logged_in):
    logged_in.post(REGISTER, CUSTOMER)
    logged_in.post(REGISTER, CUSTOMER)

    assert Customer.objects.count() == 2


def test_a_malformed_token_is_a_400_page_and_changes_nothing(logged_in):
    response = logged_in.post(REGISTER, {**CUSTOMER, "form_token": "<x>"})

    assert response.status_code == 400
    assert "reload the page" in response.text
    assert not Customer.objects.exists()


def test_tokens_belong_to_their_user(logged_in, staff):
    data = {**CUSTOMER, "form_token": form_token(logged_in)}
    logged_in.post(REGISTER, data)
    other = Client()
    other.force_login(staff)

    other.post(REGISTER, data)

    assert Customer.objects.count() == 2


def test_two_submits_at_once_make_one_customer(bus, user):
    client = Client()
    client.force_login(user)
    data = {**CUSTOMER, "form_token": form_token(client)}
    ready = threading.Barrier(2)
    answers = []

    def submit() -> None:
        browser = Client()
        browser.cookies = client.cookies  # one session, two requests
        ready.wait()
        try:
            answers.append(browser.post(REGISTER, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    customer = Customer.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {detail(customer)}


FORM = re.compile(r"<form[^>]*method=\"post\".*?</form>", re.S)
WITHOUT_TOKEN = {"registration/login.html", "base.html"}  # anonymous; logging out


def test_every_post_form_of_the_app_carries_a_token():
    templates = Path(settings.BASE_DIR, "templates")
    checked = 0
    for path in templates.rglob("*.html"):
        name = str(path.relative_to(templates))
        for form in FORM.findall(path.read_text()):
            checked += 1
            assert ("{% form_token %}" in form) != (name in WITHOUT_TOKEN), name
    assert checked > 10
