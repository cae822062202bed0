"""Entry point of the dramatiq workers: ``dramatiq garage.kernel.worker``.

Setting Django up declares the Redis broker and one delivery actor per
consuming context (``bus.register`` in each context's ``AppConfig.ready``).
Each worker process also runs the outbox sweeper.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garage.settings")
django.setup()
