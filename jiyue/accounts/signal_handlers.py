from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)

from .models import AuthEventKind
from .services import auth_event_record


def on_login(sender, request, user, **kwargs) -> None:
    auth_event_record(kind=AuthEventKind.LOGIN, request=request, user=user)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        auth_event_record(kind=AuthEventKind.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    auth_event_record(
        kind=AuthEventKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="accounts_login")
    user_logged_out.connect(on_logout, dispatch_uid="accounts_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts_login_failed")
