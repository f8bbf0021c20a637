"""The database that does not answer, as the workers see it (issue 19).

Both task backends' workers use this: ``jiyue worker`` on the database backend waits
here when its loop hit the outage (docs/decisions/0523-database-outage.md); on RQ the
work-horse asks whether the database answers before a task and after a task's
database error, and the worker waits here before it takes the next task
(docs/decisions/0524-rq-tasks-wait-for-the-database.md).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

# What Django raises when the server cannot be reached, went away or is restarting;
# also a deadlock or a statement timeout: ``database_answers`` tells them apart.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_answers() -> bool:
    """A new connection to the default database can be opened now (the old one,
    perhaps broken, is closed first). Leaves the new connection open."""
    with contextlib.suppress(*DATABASE_DOWN):
        connection.close()
    try:
        connection.ensure_connection()
    except DATABASE_DOWN:
        return False
    return True


def is_outage(error: BaseException) -> bool:
    """A database error raised because the database does not answer, not because
    of what the query asked (a deadlock, a timeout, SQLite's "locked")."""
    return isinstance(error, DATABASE_DOWN) and not database_answers()


def wait_for_database(
    *, longest_wait: float = 5.0, tick: Callable[[], object] | None = None
) -> None:
    """Returns once the database answers: tries after 0.25 s, doubling, at most
    every ``longest_wait`` s; ``tick`` is called between two tries (a heartbeat)."""
    began, failures = time.monotonic(), 0
    while True:
        time.sleep(min(longest_wait, 0.25 * 2**failures))
        if database_answers():
            logger.warning(
                "worker: database back after %.1f s", time.monotonic() - began
            )
            return
        failures += 1
        if tick is not None:
            tick()
