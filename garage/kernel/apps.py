from django.apps import AppConfig

from .roles import EVERYTHING, MANAGER


class KernelConfig(AppConfig):
    name = "garage.kernel"
    label = "kernel"
    verbose_name = "Event bus"
    role_grants = {MANAGER: [EVERYTHING]}

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_roles
        from .transports import get_transport

        post_migrate.connect(sync_roles, sender=self)

        # Sets dramatiq's global broker (with REDIS_URL) before any actor is
        # declared, so every actor in the process shares it.
        get_transport()
