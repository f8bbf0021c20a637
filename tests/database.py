"""A database that does not answer, for one thread of the test process (issue 19).

The thread's connection goes to PostgreSQL on a port where nothing listens, or to
SQLite in a directory that does not exist: the driver's own connection error,
wrapped by Django as ``OperationalError``, as when the server is being restarted.
Other threads (the test's own, with its transaction) keep the real database. The
drill with a real PostgreSQL stopped and started under load is bench/pgrestart.py.
"""

from __future__ import annotations

import copy
import socket
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket is closed


@contextmanager
def unreachable_database(where: Path):
    """In this thread, the default database cannot be reached. Yields the
    connection; ``bring_back(connection)`` points it at the real one again."""
    real = connections[DEFAULT_DB_ALIAS].settings_dict
    settings = copy.deepcopy(real)
    settings["_REAL"] = copy.deepcopy(real)
    if settings["ENGINE"].endswith("postgresql"):
        settings.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    else:
        settings["NAME"] = str(where / "no-such-directory" / "db.sqlite3")
    backend = load_backend(settings["ENGINE"])
    dead = backend.DatabaseWrapper(settings, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = dead
    try:
        yield dead
    finally:
        dead.close()


def bring_back(connection) -> None:
    real = connection.settings_dict.pop("_REAL")
    connection.settings_dict.update(real)


def in_thread(target: Callable[[], object]) -> object:
    """Runs ``target`` in a thread of its own and returns what it returned."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = target()
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in result:
        raise result["error"]
    return result.get("value")
