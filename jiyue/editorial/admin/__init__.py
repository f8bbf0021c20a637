"""Staff screens of the editorial app: 强制发布 and 合规检查放行 with a reason, the
gate's findings for the editor, 站点角色, 审核流程规则 (a Wagtail viewset), and the
workflow tasks' forms.

Registered by ``wagtail_hooks.py`` under ``/admin/editorial/`` (namespace
``editorial_admin``); nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md).
"""
