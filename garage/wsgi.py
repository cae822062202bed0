import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garage.settings")
application = get_wsgi_application()

from garage.kernel.relay import start_web_sweeper  # noqa: E402

start_web_sweeper()
