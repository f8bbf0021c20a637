"""The demo cluster: which sites, columns and people it has (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoSite:
    host: str
    code: str
    name: str
    kind: str
    level: str
    sponsor: str
    city: str
    parent: str | None = None
    org_code: str = ""
    leaders: tuple[tuple[str, str], ...] = ()
    own_documents: tuple[str, ...] = ()
    reposts: tuple[str, ...] = ()
    units: tuple[str, ...] = field(default=())


COLUMNS = (
    ("yaowen", "要闻动态", "news"),
    ("tzgg", "通知公告", "notice"),
    ("zcwj", "政策文件", "policy"),
    ("zcjd", "政策解读", "interpretation"),
    ("jgzn", "机构职能", "organisation"),
    ("ldxx", "领导信息", "leaders"),
)

SITES = (
    DemoSite(
        host="www",
        code="5201000001",
        name="贵阳市人民政府",
        kind="portal",
        level="city",
        sponsor="贵阳市人民政府办公厅",
        city="贵阳市",
        org_code="009390121",
        leaders=(("李明远", "市长"), ("王淑华", "副市长"), ("陈建国", "副市长")),
        own_documents=("guiyang-2018-2",),
        reposts=("guobanfa-2014-57",),
        units=("市政府办公厅", "市大数据局", "市发展改革委"),
    ),
    DemoSite(
        host="yunyan",
        code="5201020001",
        name="贵阳市云岩区人民政府",
        kind="portal",
        level="county",
        sponsor="贵阳市云岩区人民政府办公室",
        city="云岩区",
        parent="www",
        org_code="009391012",
        leaders=(("赵文斌", "区长"), ("刘晓敏", "副区长")),
        units=("区政府办公室", "区教育局"),
    ),
    DemoSite(
        host="dsj",
        code="5201000010",
        name="贵阳市大数据发展管理局",
        kind="department",
        level="city",
        sponsor="贵阳市大数据发展管理局",
        city="市大数据局",
        parent="www",
        org_code="MB1C05384",
        leaders=(("孙立群", "局长"), ("周静", "副局长")),
        units=("局办公室", "数据资源处"),
    ),
    DemoSite(
        host="ankang",
        code="6109000001",
        name="安康市人民政府",
        kind="portal",
        level="city",
        sponsor="安康市人民政府办公室",
        city="安康市",
        org_code="016031015",
        leaders=(("张宏伟", "市长"), ("何丽萍", "副市长")),
        own_documents=("ankang-2015-71",),
        units=("市政府办公室", "市信息中心"),
    ),
    DemoSite(
        host="beijing",
        code="1100000009",
        name="北京市人民政府",
        kind="portal",
        level="province",
        sponsor="北京市人民政府办公厅",
        city="北京市",
        org_code="000014348",
        leaders=(("吴振华", "市长"), ("郑雅琴", "副市长")),
        own_documents=("beijing-2015-impl",),
        units=("市政府办公厅", "市政务服务局"),
    ),
)

# Which corpus documents implement which (by slug).
IMPLEMENTS = {
    "ankang-2015-71": ("guobanfa-2014-57",),
    "beijing-2015-impl": ("guobanfa-2014-57",),
}

REPOST_SOURCE = (
    "中国政府网",
    "https://www.gov.cn/zhengce/content/2014-12/01/content_9283.htm",
)
