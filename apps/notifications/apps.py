from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)
