"""``jiyue monitor URL``: crawl one site (ours or not) and report findings."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiyue.monitor import CrawlConfig, StartURLError, crawl, state_file
from jiyue.monitor.crawler.urls import normalize
from jiyue.monitor.i18n import _
from jiyue.monitor.network import (
    address_options,
    host_map,
    loopback_only,
    target_problem,
)
from jiyue.monitor.output import summary_lines, write_json
from jiyue.monitor.platform import (
    add_findings,
    crawl_options,
    record_findings,
    tamper_findings,
)


class Command(BaseCommand):
    help = "抓取一个网站并报告问题（坏链、暗链、栏目更新、内容检查）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--max-pages", type=int, default=5000)
        parser.add_argument("--json", dest="json_out", type=Path)
        parser.add_argument("--no-external", action="store_true")
        parser.add_argument("--no-content", action="store_true")
        parser.add_argument(
            "--links-only",
            action="store_true",
            help=_(
                "只检查链接是否可用（如 LinkChecker）：不检查暗链、栏目更新、内容和无障碍"
            ),
        )
        parser.add_argument("--state-dir", type=Path)
        parser.add_argument("--resume", action="store_true")
        parser.add_argument("--today", type=dt.date.fromisoformat)
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_(
                "解析和检查网页的进程数（默认为 CPU 核数减一，至少一个；0 表示只用爬取进程）"
            ),
        )

    def handle(self, *args, **options) -> None:
        url = options["url"]
        if normalize(url) is None or not url.lower().startswith(
            ("http://", "https://")
        ):
            raise CommandError(
                _("无效的网址：%(url)s（请输入以 http:// 或 https:// 开头的完整网址）")
                % {"url": url}
            )
        problem = target_problem(url)  # the platform's own sites pass
        if problem:
            raise CommandError(problem)
        config = CrawlConfig(
            start_url=url,
            max_pages=options["max_pages"],
            check_external=not options["no_external"],
            check_content=not options["no_content"],
            links_only=options["links_only"],
            today=options["today"],
            concurrency=options["concurrency"],
            workers=options["workers"],
            host_map=host_map(url),
            loopback_only=loopback_only(),
            **address_options(),
            **crawl_options(url),
        )
        result = self._crawl(config, options)
        for line in summary_lines(result):
            self.stdout.write(line)
        if options["json_out"]:
            write_json(result, options["json_out"])
            self.stdout.write(_("结果已写入 %(path)s") % {"path": options["json_out"]})

    def _crawl(self, config: CrawlConfig, options: dict):
        state_dir = (
            options["state_dir"]
            or Path(getattr(settings, "VAR_DIR", "var")) / "monitor"
        )
        bar = _progress_bar(self.stdout)
        try:
            result = crawl(config, state_dir, resume=options["resume"], progress=bar)
            if config.published and result.finished:
                state = state_file(state_dir, config.start_url)
                add_findings(result, tamper_findings(config.start_url, state))
                add_findings(result, record_findings(config.start_url))
            return result
        except StartURLError as exc:
            raise CommandError(
                _("状态目录中是另一个网站的抓取记录：%(url)s") % {"url": exc}
            ) from exc
        except KeyboardInterrupt as exc:
            raise CommandError(_("已中断；用 --resume 从中断处继续")) from exc
        finally:
            if bar is not None:
                bar.close()


class _Bar:
    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=1, unit="个地址", desc="监测", file=sys.stdout, dynamic_ncols=True
        )

    def __call__(self, done: int, total: int, pages: int = 0) -> None:
        self._bar.total = max(total, done)
        self._bar.n = done
        self._bar.set_postfix_str(
            f"页面 {pages}，其他地址 {done - pages}", refresh=False
        )
        if done % 20 == 0:
            self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def _progress_bar(stream) -> _Bar | None:
    """A progress bar only on a terminal (never in files, pipes or CI logs)."""
    isatty = getattr(getattr(stream, "_out", stream), "isatty", lambda: False)
    return _Bar() if isatty() else None
