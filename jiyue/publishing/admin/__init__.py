"""Staff screens of the publishing app: 静态发布状态 per site and 全量发布.

Registered by ``wagtail_hooks.py`` under ``/admin/publishing/`` (namespace
``publishing_admin``); nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md).
"""
