"""jiyue otp_reset USER --by SECURITY_ADMIN --code TOTP

Deletes every authenticator of USER (a lost phone, a missed enrolment window):
USER binds a new one at the next sign-in, within the enrolment window that the
reset opens. Only the security administrator, proven by a current code of their
own authenticator; logged as ``jiyue.accounts.otp_reset``. While no security
administrator has an authenticator yet (a new installation), the operator may
reset without ``--by`` (docs/decisions/0413-second-factor-enrolment.md).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.accounts.enrolment import confirmed_devices, window_hours
from jiyue.accounts.permissions import is_security_admin
from jiyue.accounts.services import otp_reset
from jiyue.cluster.roles import Role


class Command(BaseCommand):
    help = _("重置账号的身份验证器（仅安全管理员），账号须在期限内重新绑定")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("要重置的账号"))
        parser.add_argument("--by", help=_("安全管理员的用户名"))
        parser.add_argument("--code", help=_("安全管理员身份验证器的当前动态口令"))

    def handle(self, *args, username, by, code, **options):
        target = get_user_model().objects.filter(username=username).first()
        if target is None:
            raise CommandError(_("账号不存在：%(name)s") % {"name": username})
        actor = self._actor(by, code)
        try:
            count = otp_reset(actor=actor, user=target)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "已删除 %(name)s 的 %(n)d 个身份验证器。该账号须在 %(hours)d 小时内"
                "登录并重新绑定；本次重置已记入审计日志。"
            )
            % {"name": username, "n": count, "hours": window_hours()}
        )

    @staticmethod
    def _actor(username: str | None, code: str | None):
        if not username:
            if _security_admin_with_device_exists():
                raise CommandError(
                    _("请用 --by 和 --code 指明安全管理员并给出其动态口令。")
                )
            return None  # a new installation: nobody could prove anything yet
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None or not is_security_admin(actor):
            raise CommandError(_("只有安全管理员可以重置身份验证器。"))
        token = (code or "").strip()
        if not any(d.verify_token(token) for d in confirmed_devices(actor)):
            raise CommandError(
                _("动态口令不正确或已过期，请输入身份验证器上的当前口令。")
            )
        return actor


def _security_admin_with_device_exists() -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jiyue.cluster.models import SiteRole

    groups = SiteRole.objects.filter(role=Role.SECURITY_ADMIN).values("group_id")
    return TOTPDevice.objects.filter(
        confirmed=True, user__is_active=True, user__groups__in=groups
    ).exists()
