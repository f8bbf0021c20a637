"""Opening a site is one step: the command and the admin form create everything
in one transaction and publish it; bad input names the field and leaves nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from wagtail.models import ModelLogEntry, Page, Site, Workflow, WorkflowPage

from jiyue.cluster.column_templates import COLUMNS
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from jiyue.interaction import site_opening as interaction_opening
from jiyue.interaction.models import HandlingUnit, Mailbox
from tests.staff import login

PUBLIC = override_settings(ROOT_URLCONF="jiyue.urls_public")
PORTAL = "5201000001"  # 贵阳市人民政府 (demo)
COUNTY = "5201020001"  # 云岩区 (demo, a county portal)

OPEN_KAIYANG = [
    "site_open", "--code", "5201210001", "--name", "开阳县人民政府",
    "--sponsor", "开阳县人民政府办公室", "--kind", "portal", "--level", "county",
    "--host", "kaiyang.localhost", "--parent", PORTAL,
    "--unit", "县政府办公室", "--unit", "县教育局",
]  # fmt: skip


def counts() -> dict[str, int]:
    return {
        "sites": Site.objects.count(),
        "profiles": SiteProfile.objects.count(),
        "pages": Page.objects.count(),
        "workflows": Workflow.objects.count(),
        "groups": Group.objects.count(),
        "mailboxes": Mailbox.objects.count(),
        "units": HandlingUnit.objects.count(),
        "logs": ModelLogEntry.objects.filter(action="jiyue.cluster.site_open").count(),
    }


def public_get(site: Site, path: str):
    with PUBLIC:
        return Client().get(path, HTTP_HOST=f"{site.hostname}:{site.port}")


def body(response) -> str:
    """The page, rendered or served from the published tree (a file response)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_command_opens_a_site_end_to_end(
    demo_cluster, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*OPEN_KAIYANG)

    site = Site.objects.select_related("root_page", "profile").get(
        hostname="kaiyang.localhost"
    )
    profile = site.profile
    assert (profile.code, profile.parent.code, profile.kind, profile.level) == (
        "5201210001", PORTAL, "portal", "county",
    )  # fmt: skip
    # the county portal's columns, townships and departments among them
    slugs = list(Page.objects.child_of(site.root_page).values_list("slug", flat=True))
    assert slugs == [slug for slug, _title, _kind in COLUMNS["county"]]
    assert "xzjd" in slugs

    home = public_get(site, "/")
    assert home.status_code == 200
    assert "开阳县人民政府" in body(home)
    assert 'href="None"' not in body(home)
    assert public_get(site, "/tzgg/").status_code == 200
    assert public_get(site, "/hdjl/").status_code == 200

    # the review chain: full chain on the home page, each column its own
    chain = WorkflowPage.objects.get(page=site.root_page).workflow
    assert chain.name == "开阳县人民政府 · 默认审核流程"
    steps = [t.name for t in chain.tasks.order_by("workflow_tasks__sort_order")]
    assert steps == [
        "开阳县人民政府 · 编辑初审",
        "开阳县人民政府 · 保密审查",
        "开阳县人民政府 · 签发",
    ]
    columns = Page.objects.child_of(site.root_page)
    assert WorkflowPage.objects.filter(page__in=columns).count() == columns.count()
    assert Group.objects.filter(name="开阳县人民政府 · 网站管理员").exists()

    # the mailboxes and the units
    assert set(Mailbox.objects.filter(site=site).values_list("slug", flat=True)) == {
        "shizhang", "zixun", "tousu", "jianyi", "jiucuo",
    }  # fmt: skip
    assert set(HandlingUnit.objects.filter(site=site).values_list("name", flat=True)) == {
        "县政府办公室", "县教育局",
    }  # fmt: skip

    # published after the commit
    tree = publish_root / "kaiyang.localhost"
    assert tree.is_symlink()
    assert (tree / "index.html").is_file()
    assert "开阳县人民政府" in (tree / "index.html").read_text()
    assert (tree / "tzgg" / "index.html").is_file()

    entry = ModelLogEntry.objects.get(action="jiyue.cluster.site_open")
    assert entry.object_id == str(profile.pk)
    assert entry.data["template"] == "county"


BAD_INPUT = [
    ("duplicate code", {"--code": PORTAL}, "网站标识码：该网站标识码已被其他站点使用"),
    ("invalid code", {"--code": "52012"}, "网站标识码：网站标识码应为10位数字"),
    ("duplicate host", {"--host": "www.localhost"}, "主机名（域名）：主机名“www.localhost”已被"),
    ("bad host", {"--host": "开阳 县"}, "主机名（域名）：主机名“开阳 县”不合规"),
    ("unknown parent", {"--parent": "5299999999"}, "上级站点：上级站点“5299999999”不存在"),
    (
        "department under a county",
        {"--parent": COUNTY, "--kind": "department"},
        "上级站点：县级政府部门和乡镇（街道）原则上不单独开设网站",
    ),
]  # fmt: skip


def _with(changes: dict[str, str]) -> list[str]:
    args = list(OPEN_KAIYANG)
    for option, value in changes.items():
        args[args.index(option) + 1] = value
    return args


@pytest.mark.parametrize(
    ("changes", "message"),
    [pytest.param(c, m, id=name) for name, c, m in BAD_INPUT],
)
def test_bad_input_names_the_field_and_leaves_nothing(
    demo_cluster, publish_root, changes, message
):
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command(*_with(changes))
    assert "未开办网站" in str(error.value)
    assert message in str(error.value)
    assert counts() == before
    assert not publish_root.exists() or not any(publish_root.iterdir())


def test_a_failure_halfway_leaves_nothing(demo_cluster, publish_root, monkeypatch):
    """A crash after the pages, the site, the profile and the chain were written
    (the disk full, the database gone) rolls them back with it."""

    def crash(site, unit_names):
        raise RuntimeError("模拟：写入信箱时出错")

    monkeypatch.setattr(interaction_opening, "_create_interaction", crash)
    before = counts()
    with pytest.raises(RuntimeError):
        call_command(*OPEN_KAIYANG)
    assert counts() == before
    assert not Site.objects.filter(hostname="kaiyang.localhost").exists()


# -- the admin form ------------------------------------------------------------

FORM = {
    "code": "5201210001", "name": "开阳县人民政府", "sponsor": "开阳县人民政府办公室",
    "kind": "portal", "level": "county", "parent": PORTAL,
    "hostname": "kaiyang.localhost", "port": "", "template": "",
    "units": "县政府办公室\n县教育局", "operator": "", "contact": "", "org_code": "",
}  # fmt: skip


@pytest.mark.second_factor
def test_the_platform_office_opens_a_site_in_one_form(
    demo_cluster, make_staff, publish_root, django_capture_on_commit_callbacks
):
    office = make_staff("office", Role.PLATFORM_OFFICE)
    client = login(Client(), office)

    dashboard = client.get("/admin/").content.decode()
    assert '"url": "/admin/site_open/"' in dashboard  # 站群管理 › 开办网站
    form = client.get("/admin/site_open/")
    assert form.status_code == 200
    assert "栏目模板" in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/site_open/", FORM)
    site = Site.objects.get(hostname="kaiyang.localhost")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/site_profiles/edit/{site.profile.pk}/"
    assert public_get(site, "/tzgg/").status_code == 200
    assert Mailbox.objects.filter(site=site).count() == 5
    assert (publish_root / "kaiyang.localhost" / "index.html").is_file()
    entry = ModelLogEntry.objects.get(action="jiyue.cluster.site_open")
    assert entry.user_id == office.pk


@pytest.mark.second_factor
def test_the_form_refuses_bad_input_beside_the_field_and_keeps_it(
    demo_cluster, make_staff
):
    client = login(Client(), make_staff("office", Role.PLATFORM_OFFICE))
    before = counts()
    response = client.post(
        "/admin/site_open/", {**FORM, "code": PORTAL, "hostname": "www.localhost"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "该网站标识码已被其他站点使用" in html
    assert "主机名“www.localhost”已被" in html
    assert 'value="开阳县人民政府办公室"' in html  # what was typed is kept
    assert counts() == before


@pytest.mark.second_factor
@pytest.mark.parametrize("role", [Role.SITE_ADMIN, Role.EDITOR])
def test_other_roles_may_not_open_a_site(demo_cluster, make_staff, role):
    www = Site.objects.get(hostname="www.localhost")
    client = login(Client(), make_staff("someone", role, www))
    before = counts()
    for response in (
        client.get("/admin/site_open/"),
        client.post("/admin/site_open/", FORM),
    ):  # Wagtail turns PermissionDenied into 「没有权限」 on the dashboard
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert '"/admin/site_open/"' not in client.get("/admin/").content.decode()
    assert counts() == before
