"""The site registry: one profile per Wagtail Site, and the cluster tree."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .roles import Role
from .validators import domain_warnings, validate_site_code


class SiteKind(models.TextChoices):
    PORTAL = "portal", _("政府门户网站")
    DEPARTMENT = "department", _("部门网站")
    SPECIAL = "special", _("专项网站")


class SiteLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


LEVEL_ORDER = [SiteLevel.NATIONAL, SiteLevel.PROVINCE, SiteLevel.CITY, SiteLevel.COUNTY]


class SiteProfile(models.Model):
    """The national fields of one government website (网站基本信息)."""

    site = models.OneToOneField(
        Site,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("站点"),
    )
    name = models.CharField(_("网站名称"), max_length=100)
    code = models.CharField(
        _("网站标识码"),
        max_length=10,
        unique=True,
        validators=[validate_site_code],
        error_messages={"unique": _("该网站标识码已被其他站点使用。")},
    )
    kind = models.CharField(_("网站类型"), max_length=20, choices=SiteKind.choices)
    level = models.CharField(_("行政层级"), max_length=20, choices=SiteLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级站点"),
    )
    sponsor = models.CharField(_("主办单位"), max_length=100)
    operator = models.CharField(_("承办单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    badge_url = models.URLField(_("党政机关网站标识链接"), blank=True)
    primary_domain = models.CharField(_("主域名"), max_length=253)
    org_code = models.CharField(
        _("机构代码"),
        max_length=30,
        blank=True,
        help_text=_("用于生成政策文件索引号，如 000014349 或统一社会信用代码。"),
    )
    closure_notice_date = models.DateField(
        _("关停公告发布日期"),
        null=True,
        blank=True,
        help_text=_("网站关停前至少提前1个月在首页发布关停公告（jiyue site_close）。"),
    )
    closed_at = models.DateTimeField(
        _("关停时间"),
        null=True,
        blank=True,
        help_text=_("已关停的网站不再对外提供访问，页面保留归档。"),
    )

    class Meta:
        verbose_name = _("站点档案")
        verbose_name_plural = _("站点档案")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def url(self) -> str:
        return self.site.root_url

    @property
    def index_prefix(self) -> str:
        return self.org_code or self.code

    def ancestors(self) -> list[SiteProfile]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def domain_warnings(self) -> list[str]:
        parent_domain = self.parent.primary_domain if self.parent else None
        return domain_warnings(
            self.primary_domain, kind=self.kind, parent_domain=parent_domain
        )

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        self._check_no_cycle()
        self._check_tree_rules()

    def _check_no_cycle(self) -> None:
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError(
                    {
                        "parent": gettext(
                            "上级站点不能是本站点或其下级站点（站点树中不能有环）。"
                        )
                    }
                )
            seen.add(node.pk)
            node = node.parent

    def _check_tree_rules(self) -> None:
        parent = self.parent
        if parent.kind != SiteKind.PORTAL:
            raise ValidationError({"parent": gettext("上级站点必须是政府门户网站。")})
        if self.kind == SiteKind.PORTAL and LEVEL_ORDER.index(
            self.level
        ) <= LEVEL_ORDER.index(parent.level):
            raise ValidationError(
                {"level": gettext("下级门户网站的行政层级必须低于上级门户网站。")}
            )
        if self.kind != SiteKind.PORTAL and parent.level == SiteLevel.COUNTY:
            raise ValidationError(
                {
                    "parent": gettext(
                        "县级政府部门和乡镇（街道）原则上不单独开设网站，请在县级门户网站下开设栏目或子站。"
                    )
                }
            )


class SiteRole(models.Model):
    """Which role (on which site, in which column) a Wagtail group stands for.

    Moved from the editorial app with its table and its permissions
    (docs/decisions/0107-one-answer-to-who-works-on-a-site.md): the table keeps
    its name, ``editorial_siterole``, so that no row moved."""

    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="site_role",
        verbose_name=_("用户组"),
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("站点"),
    )
    column = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("栏目"),
    )

    class Meta:
        db_table = "editorial_siterole"
        verbose_name = _("站点角色")
        verbose_name_plural = _("站点角色")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "site", "column"],
                name="editorial_siterole_unique",
            )
        ]
        permissions = [
            ("grant_role", _("可授予和撤销角色（安全管理员）")),
            ("view_audit", _("可查阅和导出审计日志（审计管理员）")),
        ]

    def __str__(self) -> str:
        return self.group.name
