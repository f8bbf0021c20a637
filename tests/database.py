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
    settings = dead_settings(real, where)
    settings["_REAL"] = copy.deepcopy(real)
    backend = load_backend(settings["ENGINE"])
    dead = backend.DatabaseWrapper(settings, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = dead
    try:
        yield dead
    finally:
        dead.close()


def dead_settings(real: dict, where: Path) -> dict:
    settings = copy.deepcopy(real)
    if settings["ENGINE"].endswith("postgresql"):
        settings.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    else:
        settings["NAME"] = str(where / "no-such-directory" / "db.sqlite3")
    return settings


@contextmanager
def lost_after_commit(where: Path):
    """In this thread, the database goes away at the first query after a commit
    (as a fast shutdown ends a session between two statements): the connection is
    closed and pointed at the unreachable database, and the query is sent there."""
    connection = connections[DEFAULT_DB_ALIAS]
    # This thread's own copy: the settings dict is shared by every thread's wrapper.
    connection.settings_dict = copy.deepcopy(connection.settings_dict)
    state = {"wrote": False, "lost": False}

    def wrapper(execute, sql, params, many, context):
        if state["wrote"] and not state["lost"] and not connection.in_atomic_block:
            state["lost"] = True
            real = copy.deepcopy(connection.settings_dict)
            connection.settings_dict.update(dead_settings(real, where))
            connection.settings_dict["_REAL"] = real
            connection.close()  # after the swap: SQLite keeps an in-memory one open
            with connection.cursor() as cursor:  # connects: the driver's own error
                cursor.execute(sql, params)
        if sql.lstrip().upper().startswith("INSERT"):
            state["wrote"] = True
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield state


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
