"""Staff screens of the working-day calendar (后台 · 工作日历): the office's years of
holidays and make-up working days, as a Wagtail model viewset registered by
``wagtail_hooks.py`` (docs/decisions/0009-one-app-shape.md)."""
