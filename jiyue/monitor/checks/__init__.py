"""Checks the monitor runs on crawled pages; each returns ``Finding`` objects."""
