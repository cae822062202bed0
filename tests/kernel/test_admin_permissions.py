"""The admin keeps the rules of the roles: a staff user with no permission at
all sees no model, and each admin page needs its model's permission."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission

from garage.kernel.models import ApiToken, IdempotentRequest

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/kernel/delivery/",
    "/admin/kernel/outboxevent/",
    "/admin/kernel/inboxentry/",
    "/admin/kernel/apitoken/",
    "/admin/kernel/apitoken/add/",
    "/admin/kernel/idempotentrequest/",
    "/admin/workshop/businessday/",
    "/admin/timekeeping/businessday/",
    "/admin/timekeeping/businessday/pass-next-day/",
    "/admin/customers/customer/",
    "/admin/workshop/planningevent/",
    "/admin/invoicing/invoice/",
    "/admin/auth/user/",
    "/admin/auth/group/",
]


@pytest.fixture
def bare_staff(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    return clerk


def test_staff_without_permissions_sees_no_model(client, bare_staff):
    index = client.get("/admin/")

    assert index.status_code == 200
    assert "You don’t have permission to view or edit anything." in index.text


@pytest.mark.parametrize("url", PAGES)
def test_staff_without_permissions_opens_no_admin_page(client, bare_staff, url):
    assert client.get(url).status_code == 403


def test_replaying_dead_letters_needs_the_change_permission(client, bare_staff):
    bare_staff.user_permissions.add(Permission.objects.get(codename="view_delivery"))

    listing = client.get("/admin/kernel/delivery/")
    refused = client.post(
        "/admin/kernel/delivery/",
        {"action": "replay_dead_letters", "_selected_action": ["1"]},
    )

    assert listing.status_code == 200
    assert "replay_dead_letters" not in listing.text
    assert refused.status_code in (200, 302)  # Django ignores an action not offered
    assert "Replayed" not in client.get("/admin/kernel/delivery/").text


def test_a_manager_issues_and_revokes_an_api_token_in_the_admin(client, staff, user):
    client.force_login(staff)

    response = client.post(
        "/admin/kernel/apitoken/add/",
        {"user": user.pk},
        follow=True,
    )

    [token] = ApiToken.objects.filter(user=user)
    shown = response.text.split("The API token of employee is ")[1].split(" ")[0]
    assert ApiToken.hash(shown) == token.key_hash
    client.post(f"/admin/kernel/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.exists()


def test_the_admin_tells_the_copies_of_customers_apart(client, staff):
    client.force_login(staff)

    index = client.get("/admin/").content.decode()

    for name in [
        "Customers",
        "Customers (cache)",
        "Customers (copy for reminders)",
        "Customers (copy for invoices)",
        "Jobs (copy for reminders)",
        "Jobs (copy for invoices)",
    ]:
        assert f">{name}<" in index, name


def test_the_kept_first_answers_are_shown_read_only(client, staff, user):
    client.force_login(staff)
    IdempotentRequest.objects.create(user=user, scope="api", key="k-1", status=201)

    listing = client.get("/admin/kernel/idempotentrequest/?q=k-1")
    row = IdempotentRequest.objects.get()

    assert listing.status_code == 200 and "k-1" in listing.text
    url = f"/admin/kernel/idempotentrequest/{row.pk}"
    assert client.get(f"{url}/change/").status_code == 200
    assert client.post(f"{url}/delete/").status_code == 403


OURS = ["kernel", "customers", "workshop", "notifications", "invoicing", "timekeeping"]


def test_every_model_is_in_the_admin():
    """SPEC 10: every model, on a page of its own or inline in its owner's."""
    shown = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        shown |= {inline.model for inline in model_admin.inlines}
    models = [m for label in OURS for m in apps.get_app_config(label).get_models()]

    assert [m._meta.label for m in models if m not in shown] == []
