from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import LoginRequiredMiddleware as _LoginRequired
from django.db import connection
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

    def __call__(self, request):
        # Another scheme is not ours to read; django-ninja would log the whole
        # header with DEBUG on, a Basic scheme's password included.
        scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return super().__call__(request)

    def authenticate(self, request, token: str):
        user = _once_per_request(request, token)
        if user is None:
            return None
        request.user = user
        return self.permitted(user)


def token_user(token: str):
    """The active user whose API token this is, or None.

    Every bearer request asks, so this is one prepared statement read into a
    user, not an ORM query: building that query (a join, ``first()``'s
    ordering) cost more CPU than the rest of the lookup."""
    User = get_user_model()
    columns, sql, converters = _token_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [ApiToken.hash(token), True])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, convert, expression in converters:
        values[index] = convert(values[index], expression, connection)
    return User.from_db(connection.alias, columns, values)


@cache
def _token_query(vendor: str) -> tuple[list[str], str, list]:
    """The user's field names, the SQL that reads them by token hash, and the
    database's converters of its columns (SQLite's datetimes are text)."""
    User = get_user_model()
    fields = User._meta.concrete_fields
    quote = connection.ops.quote_name
    token = ApiToken._meta
    owner, key_hash = (quote(token.get_field(f).column) for f in ("user", "key_hash"))
    pk, active = (
        quote(f.column) for f in (User._meta.pk, User._meta.get_field("is_active"))
    )
    sql = (
        f"SELECT {', '.join(f'u.{quote(f.column)}' for f in fields)} "
        f"FROM {quote(User._meta.db_table)} u "
        f"JOIN {quote(token.db_table)} t ON t.{owner} = u.{pk} "
        f"WHERE t.{key_hash} = %s AND u.{active} = %s"
    )
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        found = connection.ops.get_db_converters(column)
        found += column.get_db_converters(connection)
        converters += [(index, convert, column) for convert in found]
    return [f.attname for f in fields], sql, converters


def bearer_user(request):
    """The user of the request's ``Authorization: Bearer`` token, or None;
    looked up once per request (the idempotency middleware asks first, then
    the API's authentication)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return _once_per_request(request, token)


def _once_per_request(request, token: str):
    known = getattr(request, "_bearer", None)
    if known is not None and known[0] == token:
        return known[1]
    user = token_user(token)
    request._bearer = (token, user)
    return user


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
