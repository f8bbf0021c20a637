#!/usr/bin/env python
"""Same as the ``jiyue`` command."""

from jiyue.cli import main

if __name__ == "__main__":
    main()
