from django.contrib.auth.middleware import LoginRequiredMiddleware as _LoginRequired
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from .models import ApiToken


class LoginRequiredMiddleware(_LoginRequired):
    """Django's login-required default, except for the API, which answers 401
    itself (session or bearer token) instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``issue_api_token``."""

    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The web session. Its CSRF check runs for a logged-in user only, so a
    cross-site form cannot write through a victim's session, while a request
    with no credentials gets 401, as a read does, rather than a CSRF 403."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# The bearer token first: a request that carries one needs no CSRF token (a
# cross-site form cannot set the header); only the session is checked for it.
api_auth = [BearerToken(), SessionAuth()]
