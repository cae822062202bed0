"""The benchmark's worker process: ``dramatiq bench.bus_worker``."""

import garage.kernel.worker  # noqa: F401  (Django set up: broker and bus actors)
from bench import bus_app  # noqa: F401  (the bench actor and subscription)
