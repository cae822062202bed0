from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "garage.kernel"
    label = "kernel"
    verbose_name = "Event bus"
