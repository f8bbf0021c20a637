"""Transitional: the site-scoped viewset mixin lives in
``jiyue.cluster.admin.viewsets`` (docs/decisions/0009-one-app-shape.md).

Only ``jiyue/interaction/viewsets.py`` still imports it from here; interaction is
being reshaped in another change, which imports it from the cluster's public API
(``from jiyue.cluster import SiteScopedViewSetMixin``). Delete this module
then (tests/test_app_shape.py's ``NOT_YET`` empties at the same time).
"""

from .admin.viewsets import SiteScopedViewSetMixin

__all__ = ["SiteScopedViewSetMixin"]
