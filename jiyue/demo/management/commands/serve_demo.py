"""Serves the demo: the public application on :8000 and the admin on :8001."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiyue.cluster.sites import profiles
from jiyue.demo.assemble import DEMO_PASSWORD, DEMO_USER


class Command(BaseCommand):
    help = _(
        "启动演示：前台 http://127.0.0.1:8000/ ，后台 http://127.0.0.1:8001/admin/"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--public-port", type=int, default=settings.JIYUE_PUBLIC_PORT
        )
        parser.add_argument("--admin-port", type=int, default=8001)

    def handle(self, *args, **options):
        self.print_urls(options["public_port"], options["admin_port"])
        processes = [
            self.start("jiyue.settings.public", options["public_port"]),
            self.start("jiyue.settings.admin", options["admin_port"]),
            self.start_worker("default,publishing,interaction,search"),
            self.start_worker("monitor", "--no-schedule"),
        ]
        try:
            for process in processes:
                process.wait()
        except KeyboardInterrupt:
            self.stdout.write(_("正在停止……"))
        finally:
            for process in processes:
                process.terminate()

    def start(self, settings_module: str, port: int) -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        command = [
            sys.executable,
            "-m",
            "jiyue.cli",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ]
        return subprocess.Popen(command, env=env)  # noqa: S603 (our own interpreter)

    def start_worker(self, queue: str, *extra: str) -> subprocess.Popen:
        """Background tasks: publishing, mail, the index and reminders (with the
        periodic schedule) in one worker, the monitor's crawls in the other."""
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jiyue.settings.admin"}
        command = [
            sys.executable,
            "-m",
            "jiyue.cli",
            "worker",
            "--queue-name",
            queue,
            *extra,
        ]
        return subprocess.Popen(command, env=env)  # noqa: S603 (our own interpreter)

    def print_urls(self, public_port: int, admin_port: int) -> None:
        self.stdout.write(_("演示站点（前台）："))
        for profile in profiles():
            self.stdout.write(f"  {profile.name}: {profile.url}/")
        self.stdout.write(
            _("后台管理：http://127.0.0.1:%(port)d/admin/") % {"port": admin_port}
        )
        self.stdout.write(
            _("演示账号：%(user)s  密码：%(pw)s")
            % {"user": DEMO_USER, "pw": DEMO_PASSWORD}
        )
        from jiyue.accounts.demo import DEMO_TOTP_KEY

        self.stdout.write(
            _(
                "动态口令（双因素认证）：在身份验证器中添加密钥 %(key)s，"
                "或运行 .venv/bin/jiyue totp_code %(user)s 查看当前口令。"
            )
            % {"key": DEMO_TOTP_KEY, "user": DEMO_USER}
        )
        from jiyue.accounts.demo import DEMO_STAFF
        from jiyue.linkage.demo import DEMO_PEOPLE

        self.stdout.write(
            _("审核流程演示账号（密码与动态口令同上）：%(users)s")
            % {"users": "、".join(f"{p.username}（{p.name}）" for p in DEMO_STAFF)}
        )
        self.stdout.write(
            _("协同联动演示账号（密码与动态口令同上）：%(users)s")
            % {
                "users": "、".join(
                    f"{username}（{name}）" for username, name, *_rest in DEMO_PEOPLE
                )
            }
        )
        self.stdout.write(_("按 Ctrl-C 停止。"))
