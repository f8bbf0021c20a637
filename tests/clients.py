"""Test clients shared by the apps' tests."""

from __future__ import annotations

from django.test import Client, override_settings


class PublicClient(Client):
    """A citizen's browser: every request goes to the public application."""

    def request(self, **request):
        with override_settings(ROOT_URLCONF="jiyue.urls_public"):
            return super().request(**request)
