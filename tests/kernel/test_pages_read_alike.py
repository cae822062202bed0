"""Every page reads alike (issue 16): a favicon, labels without colons, a
field's help text after the field, dates written out."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FORM_PAGES = [
    "/customers/register",
    "/vehicles/register",
    "/workshop/2030-05-06/jobs/new",
    "/timekeeping/",
]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_a_form_page_has_the_favicon_and_labels_without_colons(logged_in, url):
    page = logged_in.get(url)

    assert page.status_code == 200
    assert '<link rel="icon" href="/static/img/favicon' in page.text
    assert not re.search(r":\s*</label>", page.text)


def test_the_license_help_text_follows_its_field(logged_in):
    html = logged_in.get(reverse("customers:vehicle_register")).text

    label = html.index('<label for="id_license_number"')
    field = html.index('id="id_license_number"', label + 30)
    help_text = html.index("for example 12-AB-34")
    assert label < field < help_text
