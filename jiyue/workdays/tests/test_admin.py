"""工作日历 in the Wagtail admin's settings menu."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.admin.menu import settings_menu
from wagtail.models import ModelLogEntry

from jiyue import workdays
from jiyue.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="platform", email="platform@example.gov.cn", password="x" * 12
    )


@pytest.fixture
def editor(django_user_model):
    """A site editor: may use the admin, may not touch the calendar."""
    user = django_user_model.objects.create_user(username="editor", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def notice_2030_form():
    days = [(f"2030-10-0{d}", "off", "国庆节") for d in range(1, 8)]
    days += [("2030-09-29", "work", "国庆节"), ("2030-10-12", "work", "国庆节")]
    data = {
        "year": "2030",
        "source": "国办发明电〔2029〕某号（测试）",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(days):
        data |= {f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": name}
    return data


def settings_menu_labels(rf, user):
    # Viewsets add their menu items when the admin URLconf loads.
    request = rf.get(reverse("wagtailadmin_home"))
    request.user = user
    return [str(item.label) for item in settings_menu.menu_items_for_request(request)]


def test_menu_item_in_settings_for_the_platform_office(client, rf, superuser):
    assert "工作日历" in settings_menu_labels(rf, superuser)
    client.force_login(superuser)
    response = client.get(reverse("workday_calendar:index"))
    assert response.status_code == 200
    assert "年度节假日安排" in response.content.decode()


def test_editor_is_refused(client, rf, editor):
    assert "工作日历" not in settings_menu_labels(rf, editor)
    client.force_login(editor)
    for url in (reverse("workday_calendar:index"), reverse("workday_calendar:add")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(reverse("workday_calendar:add"), notice_2030_form())
    assert response.status_code in (302, 403)
    assert not CalendarYear.objects.exists()


def test_model_permission_suffices(client, editor):
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="workdays")
    )
    client.force_login(editor)
    assert client.get(reverse("workday_calendar:index")).status_code == 200


def test_entering_a_notice_makes_the_year_known(client, superuser):
    assert workdays.deadline(dt.date(2030, 9, 30), 7).uncertain
    client.force_login(superuser)
    response = client.post(reverse("workday_calendar:add"), notice_2030_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2030)
    assert year.updated_by == superuser
    assert year.days.count() == 9
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(year.pk), user=superuser
    ).exists()
    # See test_selectors for the walk: 7th working day after Mon 30 Sep is 15 Oct.
    assert workdays.deadline(dt.date(2030, 9, 30), 7) == workdays.Deadline(
        date=dt.date(2030, 10, 15)
    )


def test_edit_form_renders_the_days(client, superuser):
    client.force_login(superuser)
    client.post(reverse("workday_calendar:add"), notice_2030_form())
    year = CalendarYear.objects.get(year=2030)
    response = client.get(reverse("workday_calendar:edit", args=[year.pk]))
    assert response.status_code == 200
    assert "2030-10-12" in response.content.decode()


def test_date_outside_the_notice_year_is_refused(client, superuser):
    client.force_login(superuser)
    data = notice_2030_form() | {"days-0-date": "2028-10-01"}
    response = client.post(reverse("workday_calendar:add"), data)
    assert response.status_code == 200
    assert "日期须在 2030 年内" in response.content.decode()
    assert not CalendarYear.objects.exists()
    assert not CalendarDay.objects.exists()


def test_same_date_twice_is_refused(client, superuser):
    client.force_login(superuser)
    data = notice_2030_form() | {"days-1-date": "2030-10-01"}
    response = client.post(reverse("workday_calendar:add"), data)
    assert response.status_code == 200
    assert not CalendarYear.objects.exists()


def test_editing_a_day_in_the_admin_is_seen_at_once(client, superuser, editor):
    client.force_login(superuser)
    client.post(reverse("workday_calendar:add"), notice_2030_form())
    year = CalendarYear.objects.get(year=2030)
    assert workdays.is_workday(dt.date(2030, 10, 12))  # now cached
    data = {
        "year": "2030",
        "source": year.source,
        "days-TOTAL_FORMS": str(year.days.count()),
        "days-INITIAL_FORMS": str(year.days.count()),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, day in enumerate(year.days.all()):
        kind = "off" if day.date == dt.date(2030, 10, 12) else day.kind
        data |= {
            f"days-{i}-id": str(day.pk),
            f"days-{i}-date": day.date.isoformat(),
            f"days-{i}-kind": kind,
            f"days-{i}-name": day.name,
        }
    # The make-up Sunday 29 Sep is deleted.
    sunday = list(year.days.all()).index(year.days.get(date=dt.date(2030, 9, 29)))
    data[f"days-{sunday}-DELETE"] = "1"
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    response = client.post(reverse("workday_calendar:edit", args=[year.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.updated_by == editor
    assert not workdays.is_workday(dt.date(2030, 10, 12))
    assert not workdays.is_workday(dt.date(2030, 9, 29))  # a plain Sunday again
    assert not CalendarDay.objects.filter(date=dt.date(2030, 9, 29)).exists()
