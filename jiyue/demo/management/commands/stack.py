"""``jiyue stack up``: the scale-out stack on one machine (docs/decisions/0521).

nginx in front, serving the published files and passing the dynamic paths to
``--public`` public processes (gunicorn); one admin process (gunicorn); ``--workers``
task workers on RQ. Every process shares the database (``DATABASE_URL``) and Redis
(``JIYUE_REDIS_URL``: cache, rate limits, CAPTCHA claims and the tasks). It prints what
runs where and stops everything on Ctrl-C or SIGTERM. ``make scale-demo`` sets the
environment up (PostgreSQL, Redis, the demo cluster) and runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.publishing.nginx import nginx_conf


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Command(BaseCommand):
    help = _(
        "启动扩展部署：nginx 在前，多个前台进程、一个后台进程和多个任务工作进程"
        "（共用数据库和 Redis）"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["up"], help=_("up：启动并保持运行"))
        parser.add_argument("--public", type=int, default=2, help=_("前台进程数"))
        parser.add_argument("--workers", type=int, default=2, help=_("任务工作进程数"))
        parser.add_argument(
            "--monitor-workers",
            type=int,
            default=0,
            help=_("另起只做监测抓取的工作进程数（抓取耗时长，不占其他队列）"),
        )
        parser.add_argument("--port", type=int, default=8080, help=_("nginx 端口"))
        parser.add_argument("--admin-port", type=int, default=8001, help=_("后台端口"))
        parser.add_argument(
            "--public-ports-from",
            type=int,
            default=8100,
            help=_("前台进程的第一个端口（依次加一）"),
        )
        parser.add_argument("--dir", help=_("nginx 配置、日志的目录（默认 var/stack）"))

    def handle(self, *args, **options):
        self._refuse_what_cannot_work(options)
        directory = Path(options["dir"] or settings.VAR_DIR / "stack").resolve()
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o755)  # nginx's workers read nothing here but its own files
        first = options["public_ports_from"]
        public = [first + n for n in range(options["public"])]
        self.processes: list[tuple[str, str, subprocess.Popen]] = []
        signal.signal(signal.SIGTERM, self._stop_on_signal)
        try:
            for port in public:
                self._gunicorn(_("前台"), "jiyue.wsgi_public", "jiyue.settings.public",
                               port, directory)  # fmt: skip
            self._gunicorn(_("后台"), "jiyue.wsgi_admin", "jiyue.settings.admin",
                           options["admin_port"], directory)  # fmt: skip
            for number in range(options["workers"]):
                self._start(_("任务工作进程"), _("队列：全部"),
                            [sys.executable, "-m", "jiyue.cli", "worker"],
                            "jiyue.settings.admin", directory / f"worker-{number}.log")  # fmt: skip
            for number in range(options["monitor_workers"]):
                self._start(_("任务工作进程"), _("队列：监测"),
                            [sys.executable, "-m", "jiyue.cli", "worker", "--queue-name", "monitor"],
                            "jiyue.settings.admin", directory / f"monitor-worker-{number}.log")  # fmt: skip
            self._nginx(options["port"], public, directory)
            self._wait_until_answering(
                [*public, options["admin_port"], options["port"]]
            )
            self._print_table(options, directory)
            self._watch()
        except KeyboardInterrupt:
            self.stdout.write(_("正在停止……"))
        finally:
            self._stop()

    def _refuse_what_cannot_work(self, options) -> None:
        if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_rq"):
            raise CommandError(
                _(
                    "扩展部署的任务在 Redis 上排队：请设置 JIYUE_TASK_BACKEND=rq 和 "
                    "JIYUE_REDIS_URL（make scale-demo 会设置好）。"
                )
            )
        if shutil.which("nginx") is None:
            raise CommandError(
                _(
                    "没有找到 nginx：请安装 Debian 的 nginx 软件包（apt-get install nginx）。"
                )
            )
        if options["public"] < 1 or options["workers"] < 1:
            raise CommandError(_("前台进程数和任务工作进程数至少为 1。"))
        if options["monitor_workers"] < 0:
            raise CommandError(_("监测工作进程数不能为负数。"))
        first = options["public_ports_from"]
        ports = [options["port"], options["admin_port"]]
        ports += [first + n for n in range(options["public"])]
        taken = [port for port in ports if _answers(port)]
        if taken:
            raise CommandError(
                _("端口已被占用：%(ports)s。请先停止占用的程序，或换用其他端口。")
                % {"ports": "，".join(map(str, taken))}
            )

    def _start(self, role, where, command, settings_module, log: Path) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        with log.open("ab") as out:
            process = subprocess.Popen(  # noqa: S603 (our own programs)
                command, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.processes.append((role, where, process))

    def _gunicorn(self, role, module, settings_module, port, directory) -> None:
        self._start(
            role,
            f"http://127.0.0.1:{port}/",
            [sys.executable, "-m", "gunicorn", f"{module}:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--keep-alive", "75"],
            settings_module,
            directory / f"{role}-{port}.log",
        )  # fmt: skip

    def _nginx(self, port: int, public: list[int], directory: Path) -> None:
        upstream = ",".join(f"127.0.0.1:{p}" for p in public)
        config = nginx_conf(
            listen=f"127.0.0.1:{port}", upstream=upstream, full_prefix=str(directory)
        )
        (directory / "nginx.conf").write_text(config, encoding="utf-8")
        self._start(
            "nginx",
            f"http://127.0.0.1:{port}/",
            ["nginx", "-c", str(directory / "nginx.conf"), "-p", str(directory)],
            "jiyue.settings.public",
            directory / "nginx-stdout.log",
        )

    def _wait_until_answering(self, ports: list[int]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self._check_alive()
            if all(_answers(port) for port in ports):
                return
            time.sleep(0.2)
        raise CommandError(_("60 秒内没有全部启动：请查看配置和日志目录下的日志。"))

    def _check_alive(self) -> None:
        for role, where, process in self.processes:
            if process.poll() is not None:
                raise CommandError(
                    _("%(role)s（%(where)s）已退出，退出码 %(code)s：请查看其日志。")
                    % {"role": role, "where": where, "code": process.returncode}
                )

    def _print_table(self, options, directory: Path) -> None:
        self.stdout.write(_("扩展部署已启动（Ctrl-C 停止）："))
        for role, where, process in self.processes:
            self.stdout.write(f"  {role}\t{_('进程号')} {process.pid}\t{where}")
        self.stdout.write(
            _(
                "网站经 nginx 访问：http://<站点域名>:%(port)d/ ；后台：http://127.0.0.1:%(admin)d/admin/"
            )
            % {"port": options["port"], "admin": options["admin_port"]}
        )
        self.stdout.write(_("配置和日志：%(dir)s") % {"dir": directory})
        self.stdout.flush()

    def _watch(self) -> None:
        """Runs until stopped. A process that dies is said once; the others go on
        (nginx passes the requests a dead public process refuses to the others)."""
        told: set[int] = set()
        while True:
            for role, where, process in self.processes:
                if process.poll() is not None and process.pid not in told:
                    told.add(process.pid)
                    self.stderr.write(
                        _(
                            "%(role)s（%(where)s）已退出，退出码 %(code)s；其余进程继续运行。"
                        )
                        % {"role": role, "where": where, "code": process.returncode}
                    )
            time.sleep(1)

    def _stop_on_signal(self, signum, frame) -> None:
        raise KeyboardInterrupt

    def _stop(self) -> None:
        for _role, _where, process in self.processes:
            if process.poll() is None:
                process.terminate()
        for _role, _where, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
