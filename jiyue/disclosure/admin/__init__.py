"""Staff screens of 依申请公开 (后台): the requests of the user's sites with their
deadlines, one request and its steps. Registered by ``wagtail_hooks.py`` under
``/admin/disclosure/`` (namespace ``disclosure_admin``)."""
