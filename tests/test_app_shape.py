"""One shape for every app (docs/architecture.md, docs/decisions/0009-one-app-shape.md).

Staff screens of app X live in the package ``jiyue/X/admin/`` and are mounted by
X's ``wagtail_hooks.py`` under the URL namespace ``X_admin``; public pages in
``jiyue/X/urls.py`` (``app_name = "X"``) and ``views.py``; every log action X
registers is named ``jiyue.X.<verb>``. A new app copies the shape; these tests
tell it where it strays.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLResolver
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry
from wagtail.log_actions import registry as log_action_registry

PACKAGE = Path(__file__).resolve().parent.parent / "jiyue"

# Apps whose files are not yet in the shape (admin/ package, urls.py): exempt from
# the file and URL checks until they are. Empty: every app is in the shape; a new
# app that cannot be at once goes here with the change that reshapes it.
NOT_YET: set[str] = set()
# Modules left at an old place for an app in NOT_YET that still imports them.
TRANSITIONAL: set[str] = set()

# Top-level modules that say "admin" or "public" in their name instead of their
# place: the admin's go into admin/, the public urls are urls.py.
MISPLACED = ("admin_urls.py", "admin_views.py", "admin_selectors.py", "public_urls.py")
ADMIN_ONLY = ("viewsets.py",)  # Wagtail viewsets are admin: admin/viewsets.py


def jiyue_apps() -> dict[str, str]:
    """Label → module name of every installed jiyue app."""
    return {
        config.label: config.name
        for config in apps.get_app_configs()
        if config.name.startswith("jiyue.")
    }


def app_of(module: str) -> str:
    """The jiyue app a module belongs to: ``jiyue.monitor.wagtail_hooks`` → monitor."""
    return module.split(".")[1]


def jiyue_hooks(name: str, exempt: set[str] = NOT_YET) -> list:
    """The functions jiyue apps registered for a Wagtail hook, outside ``exempt``."""
    return [
        fn
        for fn in hooks.get_hooks(name)
        if fn.__module__.startswith("jiyue.") and app_of(fn.__module__) not in exempt
    ]


def test_every_app_is_named_by_its_label():
    """Log actions and namespaces use the app label: it is the package's name."""
    assert {label: f"jiyue.{label}" for label in jiyue_apps()} == jiyue_apps()


# -- admin URLs -------------------------------------------------------------------


def admin_namespaces() -> dict[str, list[tuple[str, str]]]:
    """App → (namespace, included module) of each admin URL include it registers."""
    found: dict[str, list[tuple[str, str]]] = {}
    for fn in jiyue_hooks("register_admin_urls"):
        for pattern in fn():
            assert isinstance(pattern, URLResolver), (
                f"{fn.__module__}: admin URLs are included from admin/urls.py, "
                f"not listed in wagtail_hooks.py ({pattern})"
            )
            module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
            found.setdefault(app_of(fn.__module__), []).append(
                (pattern.namespace, module)
            )
    return found


def test_admin_urls_are_the_apps_admin_package_under_its_own_namespace():
    namespaces = admin_namespaces()
    assert {"accounts", "editorial", "monitor", "publishing"} <= set(namespaces)
    for app, includes in namespaces.items():
        for namespace, module in includes:
            assert namespace == f"{app}_admin", (app, namespace)
            assert module == f"jiyue.{app}.admin.urls", (app, module)


def test_admin_urls_modules_name_their_namespace():
    """``app_name`` in admin/urls.py gives the namespace; the hook adds none."""
    for app in admin_namespaces():
        module = import_module(f"jiyue.{app}.admin.urls")
        assert module.app_name == f"{app}_admin", app


# -- files ------------------------------------------------------------------------


def test_no_app_keeps_admin_or_public_modules_under_other_names():
    strays = sorted(
        f"{label}/{name}"
        for label in jiyue_apps()
        if label not in NOT_YET
        for name in (*MISPLACED, *ADMIN_ONLY)
        if (PACKAGE / label / name).exists() and f"{label}/{name}" not in TRANSITIONAL
    )
    assert strays == []


def test_public_urls_are_named_after_the_app():
    """An app's top-level urls.py is its public side, namespace = the app label."""
    for label in jiyue_apps():
        if label in NOT_YET or not (PACKAGE / label / "urls.py").exists():
            continue
        module = import_module(f"jiyue.{label}.urls")
        assert getattr(module, "app_name", None) == label, label


def test_an_admin_package_registers_nothing_with_djangos_admin_site():
    """``django.contrib.admin`` imports every app's ``admin`` module at start-up:
    ours are packages of Wagtail screens and must stay silent there."""
    from django.contrib import admin as django_admin

    for label in jiyue_apps():
        if (PACKAGE / label / "admin" / "__init__.py").exists():
            import_module(f"jiyue.{label}.admin")
    jiyue_models = [
        model._meta.label
        for model in django_admin.site._registry
        if model.__module__.startswith("jiyue.")
    ]
    assert jiyue_models == []


# -- log actions ------------------------------------------------------------------


def actions_by_app() -> dict[str, set[str]]:
    """App → the log actions its ``register_log_actions`` hooks register."""
    found: dict[str, set[str]] = {}
    for fn in jiyue_hooks("register_log_actions", exempt=set()):
        registry = LogActionRegistry()
        fn(registry)
        found.setdefault(app_of(fn.__module__), set()).update(registry.formatters)
    return found


def test_every_log_action_is_named_jiyue_app_verb():
    labels = set(jiyue_apps())
    for app, actions in actions_by_app().items():
        for action in actions:
            match = re.fullmatch(r"jiyue\.([a-z_]+)\.[a-z_]+", action)
            assert match and match[1] in labels, (app, action)
            assert match[1] == app, f"{app} registers another app's action {action}"


def test_the_check_reads_the_registry_wagtail_uses():
    """Every action the global registry holds after its scan comes from a hook the
    check above called (or from Wagtail or another library)."""
    log_action_registry.scan_for_actions()
    checked = set().union(*actions_by_app().values())
    others = set()
    for fn in hooks.get_hooks("register_log_actions"):
        if fn.__module__.startswith("jiyue."):
            continue
        registry = LogActionRegistry()
        fn(registry)
        others |= set(registry.formatters)
    assert set(log_action_registry.formatters) == checked | others
    assert {"jiyue.editorial.force_publish", "jiyue.cluster.role_grant"} <= checked


# -- the exceptions only shrink ---------------------------------------------------


def test_the_exceptions_go_with_not_yet():
    if not NOT_YET:
        assert set() == TRANSITIONAL


@pytest.mark.parametrize("path", sorted(TRANSITIONAL))
def test_a_transitional_module_still_exists(path):
    assert (PACKAGE / path).exists(), f"{path} is gone: take it off TRANSITIONAL"
