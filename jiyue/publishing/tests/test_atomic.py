"""A publisher killed at any point (SIGKILL) leaves every served tree a complete
old or new version, and the next run repairs the rest."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import read_tree

CHANGE_EVERY_PAGE = (
    "from jiyue.cluster.models import SiteProfile\n"
    "for p in SiteProfile.objects.all():\n"
    "    p.contact = '电话：0851-00000000（已更新）'\n"
    "    p.save()\n"
)


def jiyue(env: dict, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "jiyue.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def run(env: dict, *args: str) -> int:
    process = jiyue(env, *args)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()[-2000:]
    return process.returncode


@pytest.fixture(scope="module")
def cluster_env(tmp_path_factory) -> dict:
    """A demo cluster in its own SQLite database, for subprocesses."""
    var = tmp_path_factory.mktemp("atomic-var")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(var),
        JIYUE_PUBLISH_ROOT=str(var / "publish"),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
    )
    run(env, "migrate", "--noinput", "-v0")
    run(env, "load_demo")
    return env


def served_trees(root: Path) -> dict[str, dict[str, bytes]]:
    return {
        link.name: read_tree(link.resolve())
        for link in sorted(root.iterdir())
        if link.is_symlink()
    }


def test_killed_publisher_leaves_old_or_new_trees_and_next_run_repairs(cluster_env):
    root = Path(cluster_env["JIYUE_PUBLISH_ROOT"])
    started = time.monotonic()
    run(cluster_env, "publish", "--all", "--no-progress")
    duration = time.monotonic() - started
    old = served_trees(root)
    assert len(old) == 5
    run(cluster_env, "shell", "-c", CHANGE_EVERY_PAGE)
    after_kills = []
    rng = random.Random(4)  # noqa: S311 (kill points, not cryptography)
    for _attempt in range(4):
        process = jiyue(cluster_env, "publish", "--all", "--no-progress")
        time.sleep(rng.uniform(0.1, duration * 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after_kills.append(served_trees(root))
    run(cluster_env, "publish", "--all", "--no-progress")
    new = served_trees(root)
    assert new.keys() == old.keys()
    assert all(new[host] != old[host] for host in new)
    for trees in after_kills:
        for host, tree in trees.items():
            assert tree in (old[host], new[host]), host
    assert run(cluster_env, "verify") == 0
    leftovers = list(root.rglob(".tmp-*"))
    assert leftovers == []
    for host in new:
        versions = list((root / ".versions" / host).iterdir())
        assert all((v / "manifest.json").exists() for v in versions)
