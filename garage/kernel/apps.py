from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "garage.kernel"
    label = "kernel"
    verbose_name = "Event bus"

    def ready(self) -> None:
        from .transports import get_transport

        # Sets dramatiq's global broker (with REDIS_URL) before any actor is
        # declared, so every actor in the process shares it.
        get_transport()
