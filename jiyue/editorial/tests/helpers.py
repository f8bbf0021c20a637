"""Driving the Wagtail editor the way a browser does: read the form, fill, post."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from tests.staff import login


def client_for(user) -> Client:
    return login(Client(), user)


def editor_form(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def create_article(client: Client, parent_id: int, *, title, slug, body, action):
    url = reverse("wagtailadmin_pages:add", args=["content", "articlepage", parent_id])
    page = client.get(url)
    if page.status_code != 200:
        return page
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    data["title"], data["slug"], data["body"] = title, slug, rich_text(body)
    data[action] = "1"
    return client.post(url, data)


def edit_page(client: Client, page_id: int, action: str, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page_id])
    data = editor_form(client, url)
    for name, value in fields.items():
        data[name] = rich_text(value) if name == "body" else value
    if action:
        data[action] = "1"
    return client.post(url, data)


def workflow_action(client: Client, page, action: str, **data):
    state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]
    )
    return client.post(url, data)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def refused(response) -> bool:
    """403, or Wagtail's answer to PermissionDenied in the admin: back to the
    dashboard (or to the login) with "no permission"."""
    if response.status_code in (403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and (
        location == "/admin/" or location.startswith("/admin/login/")
    )
