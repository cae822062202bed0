from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_migrate

from . import tracing
from .connections import check_idle_connections
from .roles import EVERYTHING, MANAGER, sync_roles


class KernelConfig(AppConfig):
    name = "garage.kernel"
    label = "kernel"
    verbose_name = "Event bus"
    role_grants = {MANAGER: [EVERYTHING]}

    def ready(self) -> None:
        post_migrate.connect(sync_roles, sender=self)
        tracing.trace_management_commands()
        request_started.connect(check_idle_connections)
