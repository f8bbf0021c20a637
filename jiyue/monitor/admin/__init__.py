"""Staff screens of the monitor (后台 · 监测): the cluster table, a site's verdict
and findings, 监测平台外的网站.

Registered by ``wagtail_hooks.py`` under ``/admin/monitor/`` (namespace
``monitor_admin``); nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md).
"""
