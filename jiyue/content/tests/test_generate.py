import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Page

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ArticlePage, PolicyDocumentPage


class RollbackError(Exception):
    pass


def snapshot(seed):
    call_command("generate", "--sites", "3", "--items", "90", "--seed", str(seed),
                 "--today", "2026-11-20", stdout=StringIO())  # fmt: skip
    return list(
        Page.objects.filter(url_path__startswith=f"/g{seed}-")
        .order_by("path")
        .values_list("url_path", "title", "first_published_at")
    )


@pytest.mark.django_db
def test_generate_builds_a_valid_tree_of_live_items():
    call_command(
        "generate", "--sites", "3", "--items", "90", "--seed", "5", stdout=StringIO()
    )
    assert SiteProfile.objects.filter(code__startswith="5290").count() == 3
    generated = {"url_path__startswith": "/g5-"}
    items = (
        ArticlePage.objects.live().filter(**generated).count()
        + PolicyDocumentPage.objects.live().filter(**generated).count()
    )
    assert items == 90
    assert Page.find_problems() == ([], [], [], [], [])
    portal = SiteProfile.objects.get(name="演示市人民政府", code__startswith="5290")
    assert SiteProfile.objects.filter(parent=portal).count() == 2
    index_numbers = list(PolicyDocumentPage.objects.values_list("index_no", flat=True))
    assert len(set(index_numbers)) == len(index_numbers)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_generated_pages_are_served():
    call_command(
        "generate", "--sites", "2", "--items", "60", "--seed", "6", stdout=StringIO()
    )
    client = Client()
    for path in ("/", "/yaowen/", "/yaowen/item-000001/", "/zcwj/item-000001/"):
        response = client.get(path, HTTP_HOST="g6-001.localhost:8000")
        assert response.status_code == 200, path
    html = client.get(
        "/zcwj/item-000001/", HTTP_HOST="g6-001.localhost:8000"
    ).content.decode()
    assert "索引号</th><td>G00060001/" in html


@pytest.mark.django_db
def test_same_seed_same_cluster():
    runs = []
    for _attempt in range(2):
        try:
            with transaction.atomic():
                runs.append(snapshot(9))
                raise RollbackError
        except RollbackError:
            pass
    assert runs[0] == runs[1]
    assert len(runs[0]) > 90
    assert runs[0][-1][2].date() <= datetime.date(2026, 11, 20)


@pytest.mark.django_db
def test_bad_arguments_say_what_is_wrong():
    with pytest.raises(CommandError, match="信息总数不能少于站点数"):
        call_command("generate", "--sites", "5", "--items", "2", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("generate", "--sites", "0", "--items", "2", stdout=StringIO())
