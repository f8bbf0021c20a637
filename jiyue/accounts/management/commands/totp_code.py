"""jiyue totp_code USER — the current code of a demo account (JIYUE_DEMO=1 only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiyue.accounts.demo import current_code


class Command(BaseCommand):
    help = _("演示环境：显示演示账号当前的动态口令")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEMO:
            raise CommandError(_("仅演示环境（JIYUE_DEMO=1）可用。"))
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True
        ).first()
        if device is None:
            raise CommandError(_("该账号没有已绑定的身份验证器。"))
        self.stdout.write(current_code(device))
