from django.apps import AppConfig

from garage.kernel.roles import EVERYTHING, FRONT_DESK, MANAGER


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    # Which role may do what here (SPEC 16); see garage.kernel.roles.
    role_grants = {
        FRONT_DESK: ["view_reminder", "view_message", "view_service_due"],
        MANAGER: [EVERYTHING],
    }

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)
