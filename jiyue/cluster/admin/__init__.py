"""Staff screens of the cluster app: 站点档案 and 开办网站 (Wagtail viewsets), and
the site-scoped viewset mixin the other apps' admin viewsets use.

Registered by ``wagtail_hooks.py``; nothing here registers with Django's admin
site (docs/decisions/0009-one-app-shape.md).
"""
