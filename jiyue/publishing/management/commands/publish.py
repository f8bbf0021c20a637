"""``jiyue publish [--site CODE] [--all]``: (re)writes the static pages."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.publishing import parallel, selectors, services, storage
from jiyue.publishing.render import PublicRenderer


class Command(BaseCommand):
    help = _("静态发布：把站点的全部页面写成文件（全量发布，原子切换）。")

    def add_arguments(self, parser):
        parser.add_argument("--site", help=_("网站标识码"))
        parser.add_argument("--all", action="store_true", help=_("发布全部站点"))
        parser.add_argument(
            "--no-progress", action="store_true", help=_("不显示进度条")
        )

    def handle(self, *args, **options):
        sites = self.sites(options)
        show = not options["no_progress"]
        if len(sites) > 1 and parallel.worker_count(len(sites)) > 1:
            failed = self.publish_in_parallel(sites, show=show)
        else:
            renderer = PublicRenderer()
            failed = sum(self.publish(site, renderer, show=show) for site in sites)
        if failed:
            raise CommandError(_("%(count)d 个页面发布失败。") % {"count": failed})

    def publish_in_parallel(self, sites, *, show: bool) -> int:
        """Several sites at once, one process per core; the bar counts sites."""
        bar = None
        if show and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(sites), unit=_("站"), leave=False, file=sys.stderr)
        failed = 0
        try:
            for site, report in parallel.publish_sites(sites):
                failed += self.summarise(site, report)
                if bar is not None:
                    bar.update(1)
        except storage.PublishWriteError as error:
            raise CommandError(error.strerror or str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        return failed

    def sites(self, options):
        if options["site"]:
            site = selectors.site_by_code(options["site"])
            if site is None:
                raise CommandError(_("没有标识码为 %s 的站点。") % options["site"])
            return [site]
        if not options["all"]:
            raise CommandError(_("请指定 --site 网站标识码 或 --all。"))
        return selectors.all_sites()

    def publish(self, site, renderer, *, show: bool) -> int:
        bar = self.progress_bar(site, show)
        try:
            report = services.publish_site(
                site,
                renderer=renderer,
                progress=bar.update_to if bar is not None else None,
            )
        except storage.PublishWriteError as error:
            raise CommandError(error.strerror or str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        return self.summarise(site, report)

    def summarise(self, site, report) -> int:
        for failure in report.failed:
            self.stderr.write(
                _("发布失败（保留上一版本）：%(url)s %(error)s")
                % {"url": site.root_url + failure["url"], "error": failure["error"]}
            )
        self.stdout.write(
            _(
                "%(host)s：写入 %(written)d 个文件，未变 %(unchanged)d 个，失败 %(failed)d 个。"
            )
            % {
                "host": site.hostname,
                "written": len(report.written),
                "unchanged": report.unchanged,
                "failed": len(report.failed),
            }
        )
        return len(report.failed)

    def progress_bar(self, site, show: bool):
        if not show or not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        class Bar(tqdm):
            def update_to(self, done: int, total: int) -> None:
                self.total = total
                self.update(done - self.n)

        return Bar(desc=site.hostname, unit=_("页"), leave=False, file=sys.stderr)
