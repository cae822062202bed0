from django.contrib.auth.middleware import LoginRequiredMiddleware as _LoginRequired
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from .models import ApiToken
from .roles import NotPermittedError


class LoginRequiredMiddleware(_LoginRequired):
    """Django's login-required default, except for the API, which answers 401
    itself (session or bearer token) instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class Permission:
    """What an operation needs besides a known user: ``permission`` (checked
    right after authentication, before the input is read, so a user without
    it learns nothing of the operation but 403), ``action`` for the message."""

    def __init__(self, permission: str | None = None, action: str = "") -> None:
        super().__init__()
        self.permission = permission
        self.action = action

    def permitted(self, user):
        if self.permission and not user.has_perm(self.permission):
            raise NotPermittedError(self.permission, self.action)
        return user


class BearerToken(Permission, HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``issue_api_token``;
    it acts with its user's permissions."""

    def authenticate(self, request, token: str):
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        return self.permitted(user)


def token_user(token: str):
    """The active user whose API token this is, or None."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(token), user__is_active=True)
        .first()
    )
    return found and found.user


def bearer_user(request):
    """The user of the request's ``Authorization: Bearer`` token, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token_user(token) if scheme.lower() == "bearer" and token else None


class SessionAuth(Permission, NinjaSessionAuth):
    """The web session. Its CSRF check runs for a logged-in user only, so a
    cross-site form cannot write through a victim's session, while a request
    with no credentials gets 401, as a read does, rather than a CSRF 403."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user and self.permitted(user)


def permitted(permission: str | None, action: str) -> list:
    """The ``auth`` of an API operation that needs ``permission``. The bearer
    token comes first: a request that carries one needs no CSRF token (a
    cross-site form cannot set the header); only the session is checked."""
    return [BearerToken(permission, action), SessionAuth(permission, action)]


api_auth = permitted(None, "")
