"""Validation of the national identifiers of a government website."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Province-level codes of GB/T 2260 (the first two digits of a 网站标识码).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
        "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
        "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    }
)  # fmt: skip

SITE_CODE_RE = re.compile(r"^[0-9]{10}$")
GOV_LABEL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def validate_site_code(value: str) -> None:
    """网站标识码: ten digits, the first two a province-level region code."""
    if not SITE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("网站标识码应为10位数字（例如 5201000001），当前为“%(value)s”。"),
            code="site_code_format",
            params={"value": value},
        )
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "网站标识码前两位应为省级行政区划代码（如 11 北京、52 贵州），“%(prefix)s”不是。"
            ),
            code="site_code_region",
            params={"prefix": value[:2]},
        )


def domain_warnings(domain: str, *, kind: str, parent_domain: str | None) -> list[str]:
    """Warnings (not errors) for a primary domain against the .gov.cn naming rules.

    《政府网站发展指引》: portals use ``www.<region>.gov.cn``; department sites a
    subdomain of their portal's domain (``<dept>.<region>.gov.cn``). Demo and test
    hosts break these rules on purpose, so this never refuses a save.
    """
    domain = (domain or "").strip().lower().rstrip(".")
    if not domain:
        return [_("未填写主域名。")]
    if domain.endswith(".政务"):
        return []
    if not domain.endswith(".gov.cn"):
        return [
            _("主域名“%(domain)s”不以 .gov.cn 结尾，不符合政府网站域名规范。")
            % {"domain": domain}
        ]
    labels = domain.split(".")
    if not all(GOV_LABEL_RE.match(label) for label in labels):
        return [_("主域名“%(domain)s”含有不合规的字符。") % {"domain": domain}]
    if kind == "portal" and labels[0] != "www" and domain != "gov.cn":
        return [
            _("门户网站的域名一般为 www.地区.gov.cn，当前为“%(domain)s”。")
            % {"domain": domain}
        ]
    if kind == "department" and parent_domain:
        base = parent_domain.lower().removeprefix("www.")
        if not domain.endswith("." + base):
            return [
                _(
                    "部门网站的域名应为上级门户域名“%(base)s”的下级域名，当前为“%(domain)s”。"
                )
                % {"base": base, "domain": domain}
            ]
    return []
