"""Settings packages: ``base`` (shared), ``admin`` and ``public`` (the two
applications), ``test`` (the suite). Every value comes from the environment with a
safe embedded default; see docs/operations.md."""
