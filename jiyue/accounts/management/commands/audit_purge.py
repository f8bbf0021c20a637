"""jiyue audit_purge --user AUDITOR --code TOTP [--before YYYY-MM-DD]

Deletes audit entries older than the cut-off (default: the retention limit,
180 days ago). Only the audit administrator, proven by a current TOTP code of
their authenticator; a cut-off younger than 180 days is refused; the purge is
itself logged (docs/decisions/0406-audit-retention.md).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiyue.accounts.permissions import is_audit_reader
from jiyue.accounts.services import audit_purge, retention_limit


class Command(BaseCommand):
    help = _("清理早于指定日期的审计日志（仅审计管理员；至少保留 180 天）")

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=_("审计管理员的用户名"))
        parser.add_argument(
            "--code", required=True, help=_("审计管理员身份验证器的当前动态口令")
        )
        parser.add_argument(
            "--before",
            help=_(
                "清理此日期（北京时间零点）之前的记录，格式 YYYY-MM-DD；默认为 180 天前"
            ),
        )

    def handle(self, *args, user, code, before, **options):
        cutoff = self._cutoff(before)
        auditor = self._auditor(user, code)
        try:
            deleted = audit_purge(actor=auditor, before=cutoff)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(
            _("已清理 %(n)d 条早于 %(date)s 的审计记录，本次清理已记入审计日志。")
            % {"n": deleted, "date": timezone.localtime(cutoff).strftime("%Y-%m-%d")}
        )

    @staticmethod
    def _auditor(username: str, code: str):
        account = get_user_model().objects.filter(username=username).first()
        if account is None or not account.is_active or not is_audit_reader(account):
            raise CommandError(_("只有审计管理员可以清理审计日志。"))
        devices = TOTPDevice.objects.filter(user=account, confirmed=True)
        if not any(device.verify_token(code.strip()) for device in devices):
            raise CommandError(
                _("动态口令不正确或已过期，请输入身份验证器上的当前口令。")
            )
        return account

    @staticmethod
    def _cutoff(before: str | None) -> datetime:
        if not before:
            return retention_limit()
        try:
            day = date.fromisoformat(before)
        except ValueError as error:
            raise CommandError(
                _("日期格式不正确：%(value)s（应为 YYYY-MM-DD，如 2025-05-01）")
                % {"value": before}
            ) from error
        return timezone.make_aware(datetime.combine(day, time.min))


def _messages(error) -> str:
    return "；".join(getattr(error, "messages", None) or [str(error)])
