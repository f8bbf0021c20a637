"""Staff screens of the accounts app: the second factor and the audit trail.

Registered with Wagtail's admin by ``wagtail_hooks.py`` under ``/admin/security/``
(namespace ``accounts_admin``); nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md).
"""
