"""Staff screens of 互动交流 (后台): the reply chain of citizens' messages (the
case list, a case and its steps, deadlines, statistics), the channels'
moderation (consultations, surveys, interviews) and the setup of mailboxes and
handling units.

Registered by ``wagtail_hooks.py`` under ``/admin/interaction/`` (namespace
``interaction_admin``); nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md).
"""
