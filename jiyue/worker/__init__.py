"""The worker: background tasks and the periodic schedule (``jiyue worker``).

The top layer: every app declares its own periodic jobs in a ``jobs`` module as plain
data; the worker collects them (docs/decisions/0515-worker-app-and-job-registry.md).
No app imports the worker.
"""
