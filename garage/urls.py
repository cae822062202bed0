from django.contrib import admin
from django.urls import include, path

from garage import views
from garage.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("apps.customers.urls")),
    path("workshop/", include("apps.workshop.urls")),
    path("", include("apps.notifications.urls")),
    path("invoices/", include("apps.invoicing.urls")),
    path("timekeeping/", include("apps.timekeeping.urls")),
]

handler404 = "garage.kernel.web.page_not_found"
