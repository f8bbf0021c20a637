"""How staff are named on the reply chain's screens: by their names, as Chinese
write them (family name first, no space), the login name only when no name is
recorded (docs/decisions/0319-reply-chain-scope-and-people.md)."""

from __future__ import annotations


def person_name(user) -> str:
    if user is None:
        return ""
    name = f"{user.last_name or ''}{user.first_name or ''}".strip()
    return name or user.get_username()
