"""The shipped checkers; importing this package registers them."""

from .base import Checker, CheckerRegistry, register, registry

__all__ = ["Checker", "CheckerRegistry", "load_builtin", "register", "registry"]

_BUILTIN = (
    "sensitive",
    "expression",
    "typo",
    "typo_stats",
    "privacy",
    "garbled",
    "injected",
    "invisible",
    "links",
    "accessibility",
)


def load_builtin() -> None:
    """Import the shipped checker modules (idempotent)."""
    from importlib import import_module

    for module in _BUILTIN:
        import_module(f"{__name__}.{module}")
