"""Forms of the monitor's admin: accepting a finding, filtering findings, a crawl
of a site outside the platform."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiyue.monitor.crawler.addresses import is_ip_literal
from jiyue.monitor.crawler.urls import normalize
from jiyue.monitor.models import StoredFinding
from jiyue.monitor.network import target_problem
from jiyue.monitor.output import SEVERITY_NAMES, TYPE_NAMES
from jiyue.monitor.platform import platform_site


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("接受理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明为什么这不是需要整改的问题（必填）。"),
    )


def _choices(names: dict[str, str]) -> list[tuple[str, str]]:
    return [("", _("全部")), *names.items()]


class FindingFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("类型"), required=False, choices=[])
    severity = forms.ChoiceField(
        label=_("严重程度"), required=False, choices=_choices(SEVERITY_NAMES)
    )
    status = forms.ChoiceField(
        label=_("处理状态"),
        required=False,
        choices=[("", _("全部")), *StoredFinding.Status.choices],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _choices(TYPE_NAMES)

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"type": "", "severity": "", "status": ""}
        return {
            k: self.cleaned_data.get(k) or "" for k in ("type", "severity", "status")
        }


URL_MAX_LENGTH = 1024


class ForeignCrawlForm(forms.Form):
    """The address of a site that is not on the platform (平台外网站)."""

    url = forms.CharField(
        label=_("网址"),
        max_length=URL_MAX_LENGTH,
        error_messages={
            "required": _("请输入要监测的网址。"),
            "max_length": _("网址过长（最多 %(limit_value)d 个字符）。"),
        },
        help_text=_("网站首页的完整网址，例如 https://www.example.gov.cn/"),
        widget=forms.TextInput(attrs={"placeholder": "https://"}),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        problem = foreign_url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return normalize(url) or url


def foreign_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be crawled as a foreign site, in Chinese (None: it can)."""
    if not url.lower().startswith(("http://", "https://")):
        return gettext(
            "网址须以 http:// 或 https:// 开头，例如 https://www.example.gov.cn/"
        )
    if any(c.isspace() for c in url) or normalize(url) is None:
        return gettext("无法识别的网址：%(url)s") % {"url": url}
    host = urlsplit(url).hostname or ""
    if "." not in host and host != "localhost" and not is_ip_literal(host):
        return gettext("网址中的域名不完整：%(host)s") % {"host": host}
    site = platform_site(url)
    if site is not None:
        profile = getattr(site, "profile", None)
        return gettext(
            "该网址是平台上的站点「%(name)s」，请在该站点的监测页发起监测。"
        ) % {"name": profile.name if profile else site.site_name}
    return target_problem(url)
