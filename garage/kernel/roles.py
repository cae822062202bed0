"""Roles: the three groups of employees, and the permission each action needs.

A context owns its permissions (Django's model permissions, plus its own in
``Meta.permissions``) and says in its ``AppConfig.role_grants`` which role is
granted which; a data migration (``grant``) applies them, and ``sync_roles``
keeps them right after every ``migrate``. Every page, form action and API
operation states the one permission it needs with ``requires``; a user
without it gets 403: the
friendly page for a page, ``{"detail", "code": "permission_denied"}`` for the
API. A superuser has every permission.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import wraps

from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.db import migrations

FRONT_DESK = "Front desk"
MECHANIC = "Mechanic"
MANAGER = "Manager"
ROLES = (FRONT_DESK, MECHANIC, MANAGER)
EVERYTHING = "__all__"
# Managers manage the users and their groups, in the admin.
OTHER_GRANTS = {"auth": {MANAGER: [EVERYTHING]}}


class NotPermittedError(PermissionDenied):
    """The user lacks ``permission``; the message says what they tried and
    which roles may do it."""

    def __init__(self, permission: str, action: str) -> None:
        self.permission = permission
        self.action = action
        self.roles = roles_with(permission)
        who = " or ".join(self.roles) or "an administrator"
        super().__init__(f"You tried to {action}. Only {who} may do that.")


def roles_with(permission: str) -> list[str]:
    from django.contrib.auth.models import Group

    app_label, codename = permission.split(".", 1)
    groups = Group.objects.filter(
        permissions__content_type__app_label=app_label,
        permissions__codename=codename,
    )
    return sorted(groups.values_list("name", flat=True), key=ROLES.index)


def requires(permission: str, action: str, methods: Sequence[str] = ()) -> Callable:
    """Decorates a view or an API operation: the user needs ``permission``.

    ``action`` completes "You tried to ...". With ``methods``, only requests of
    those methods need it (a page that shows on GET and acts on POST).
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            applies = not methods or request.method in methods
            if applies and not request.user.has_perm(permission):
                raise NotPermittedError(permission, action)
            return view(request, *args, **kwargs)

        checked.required_permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate


def grant(app_label: str) -> migrations.RunPython:
    """A data migration giving each role the permissions of ``app_label`` that
    its ``AppConfig.role_grants`` lists. ``sync_roles`` repeats it after every
    ``migrate``, so the groups stay right when the grants change."""

    def forwards(apps, schema_editor) -> None:
        sync_app(app_label, grants_of(app_label), apps)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def sync_roles(**kwargs) -> None:
    """The post_migrate receiver: every app's grants, put right."""
    apps = kwargs.get("apps") or global_apps
    for app_config in global_apps.get_app_configs():
        if grants := grants_of(app_config.label):
            sync_app(app_config.label, grants, apps)


def grants_of(app_label: str) -> Mapping[str, Sequence[str]]:
    app_config = global_apps.get_app_config(app_label)
    return getattr(app_config, "role_grants", OTHER_GRANTS.get(app_label, {}))


def sync_app(app_label: str, grants: Mapping[str, Sequence[str]], apps) -> None:
    """Each role gets exactly the listed permissions of ``app_label``
    (codenames, or ``EVERYTHING``); a role not listed gets none of them."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    if getattr(app_config, "models_module", None) is None:  # historical apps
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    own = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.remove(*own)
        codenames = grants.get(role, ())
        if EVERYTHING not in codenames:
            granted = own.filter(codename__in=codenames)
        else:
            granted = own
        group.permissions.add(*granted)
