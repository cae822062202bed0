from django.apps import AppConfig

from garage.kernel.roles import EVERYTHING, FRONT_DESK, MANAGER, MECHANIC


class WorkshopConfig(AppConfig):
    name = "apps.workshop"
    label = "workshop"
    # Which role may do what here (SPEC 16); see garage.kernel.roles.
    role_grants = {
        FRONT_DESK: [
            "view_maintenancejob",
            "plan_job",
            "check_in_job",
            "reschedule_job",
            "cancel_job",
        ],
        MECHANIC: ["view_maintenancejob", "start_job", "wait_for_parts", "finish_job"],
        MANAGER: [EVERYTHING],
    }

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS
        from .timeline import workshop_hours

        bus.register(self.label, SUBSCRIPTIONS)
        # A WORKSHOP_HOURS no timeline can frame stops the start, rather than
        # every planning page and the board with a 500.
        workshop_hours()
