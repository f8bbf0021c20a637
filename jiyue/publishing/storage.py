"""The published tree on disk: layout, atomic writes, the atomic switch.

Layout under the publish root (``JIYUE_PUBLISH_ROOT``)::

    <host>                         -> .versions/<host>/<version>/site   (symlink)
    .versions/<host>/<version>/site/...          the served tree
    .versions/<host>/<version>/manifest.json     its manifest (not served)
    .versions/<host>/<version>/objects/…         published bytes by sha256 (gzip)
    .locks/<host>.lock                           one publisher per site at a time

A full rebuild writes a new version next to the old one and swaps the symlink
with one ``os.replace`` (docs/decisions/0201-atomic-publishing.md). The version it
writes is the one before the current one, brought up to date file by file, when
there is one: deleting a tree costs far more than rewriting the files that changed
(docs/decisions/0206-reusing-the-previous-version.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

VERSIONS = ".versions"
LOCKS = ".locks"
MANIFEST = "manifest.json"


class PublishWriteError(OSError):
    """Writing the tree failed (unwritable directory, disk full …)."""


def publish_root() -> Path:
    return Path(settings.JIYUE_PUBLISH_ROOT)


def site_link(host: str) -> Path:
    return publish_root() / host


def versions_dir(host: str) -> Path:
    return publish_root() / VERSIONS / host


def current_version(host: str) -> Path | None:
    """The version directory the site's symlink points at, if any."""
    link = site_link(host)
    if not link.is_symlink():
        return None
    target = (link.parent / os.readlink(link)).resolve()
    return target.parent if target.is_dir() else None


def tree_dir(version: Path) -> Path:
    return version / "site"


def manifest_path(version: Path) -> Path:
    return version / MANIFEST


def write_error_message(error: OSError, path: Path) -> str:
    return _(
        "静态发布写入失败：%(path)s（%(error)s）。请检查发布目录是否可写、磁盘是否已满。"
    ) % {
        "path": path,
        "error": error.strerror or error,
    }


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_TEMPORARY = itertools.count()
# As mkstemp opens its files: never through a symlink, not inherited by children.
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _create_temporary(directory: Path) -> tuple[int, str]:
    """A new file beside the destination (made 0644 before it is renamed).

    Named by process id and a counter rather than ``tempfile.mkstemp``'s random
    names: the run writes thousands of files, and a name left by a killed process
    whose id came back is skipped (``O_EXCL``)."""
    pid = os.getpid()
    while True:
        name = os.path.join(directory, f".tmp-{pid}-{next(_TEMPORARY)}")
        try:
            return os.open(name, _CREATE, 0o644), name
        except FileExistsError:
            continue


def atomic_write(path: Path, data: bytes) -> None:
    """Writes ``data`` to a temporary file beside ``path`` and renames it over."""
    tmp_name = None
    try:
        try:
            fd, tmp_name = _create_temporary(path.parent)
        except FileNotFoundError:  # a new directory: made only when needed
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = _create_temporary(path.parent)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp_name, 0o644)  # whatever the umask took away
        os.replace(tmp_name, path)
    except OSError as error:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise PublishWriteError(
            error.errno, write_error_message(error, path)
        ) from error


def object_path(version: Path, digest: str) -> Path:
    """Where the published bytes with ``digest`` are kept (gzip), for diffs."""
    return version / "objects" / digest[:2] / f"{digest}.gz"


def store_object(version: Path, digest: str, data: bytes) -> None:
    path = object_path(version, digest)
    if not path.exists():
        atomic_write(path, gzip.compress(data, compresslevel=1, mtime=0))


def load_object(version: Path, digest: str) -> bytes | None:
    try:
        return gzip.decompress(object_path(version, digest).read_bytes())
    except OSError:
        return None


def remove_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _prune_empty_dirs(path.parent)


def _prune_empty_dirs(directory: Path) -> None:
    while directory.name != "site" and directory.is_dir():
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%dT%H%M%S%f")


def new_version(host: str) -> Path:
    base = versions_dir(host)
    try:
        base.mkdir(parents=True, exist_ok=True)
        version = Path(tempfile.mkdtemp(dir=base, prefix=f"{_stamp()}-"))
        version.chmod(0o755)  # mkdtemp makes it private; the web server must read it
        tree_dir(version).mkdir()
    except OSError as error:
        raise PublishWriteError(
            error.errno, write_error_message(error, base)
        ) from error
    return version


def _reusable_version(host: str) -> Path | None:
    """An unfinished version, else the oldest finished one that is not current."""
    base = versions_dir(host)
    if not base.is_dir():
        return None
    current = current_version(host)
    others = sorted(
        (p for p in base.iterdir() if p.is_dir() and p != current),
        key=lambda p: p.name,
    )
    unfinished = [p for p in others if not manifest_path(p).exists()]
    candidates = unfinished or others
    return candidates[0] if candidates and tree_dir(candidates[0]).is_dir() else None


def build_version(host: str) -> Path:
    """The version directory to build the next full tree in.

    The previous version (never served while it is rebuilt) is reused: its
    manifest is removed first, so that a run killed half-way leaves it unfinished,
    and it is renamed with the time of this run. Without one, a new directory."""
    version = _reusable_version(host)
    if version is None:
        return new_version(host)
    suffix = version.name.split("-", 1)[-1]
    target = version.parent / f"{_stamp()}-{suffix}"
    try:
        with contextlib.suppress(FileNotFoundError):
            manifest_path(version).unlink()
        version.rename(target)
    except OSError as error:
        raise PublishWriteError(
            error.errno, write_error_message(error, version)
        ) from error
    return target


def prune_tree(tree: Path, keep: set[str]) -> list[str]:
    """Deletes the files of ``tree`` that are not in ``keep`` (and empty
    directories); returns their paths."""
    removed = []
    for directory, _dirs, files in os.walk(tree, topdown=False):
        for name in files:
            path = os.path.relpath(os.path.join(directory, name), tree)
            if path not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(directory, name))
                removed.append(path)
        if directory != str(tree):
            with contextlib.suppress(OSError):
                os.rmdir(directory)  # only when empty
    return removed


def prune_objects(version: Path, keep: set[str]) -> None:
    """Deletes the stored objects of ``version`` whose digest is not in ``keep``."""
    base = version / "objects"
    if not base.is_dir():
        return
    for directory, _dirs, files in os.walk(base):
        for name in files:
            if name.removesuffix(".gz") not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(directory, name))


def switch_to(host: str, version: Path) -> None:
    """Points the site's symlink at ``version`` in one atomic step."""
    link = site_link(host)
    relative = os.path.relpath(tree_dir(version), link.parent)
    tmp = link.parent / f".{host}.{os.getpid()}.tmp-link"
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(relative, tmp)
        if link.exists() and not link.is_symlink():
            link.rename(link.parent / f".{host}.legacy-{version.name}")
        os.replace(tmp, link)
    except OSError as error:
        raise PublishWriteError(
            error.errno, write_error_message(error, link)
        ) from error


def remove_stale_versions(
    host: str, *, keep: int = 1, spare: Path | None = None
) -> None:
    """Deletes unfinished and old versions, keeping the current one, ``keep``
    older ones (for a quick rollback) and ``spare`` (the one being built)."""
    current = current_version(host)
    base = versions_dir(host)
    if not base.is_dir():
        return
    others = sorted(
        (p for p in base.iterdir() if p.is_dir() and p not in (current, spare)),
        key=lambda p: p.name,
        reverse=True,
    )
    finished = [p for p in others if manifest_path(p).exists()]
    unfinished = [p for p in others if not manifest_path(p).exists()]
    for path in finished[keep:] + unfinished:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def site_lock(host: str, *, wait: bool = True) -> Iterator[bool]:
    """One publisher per site at a time, across processes. With ``wait=False``,
    yields False at once when another process holds the lock."""
    directory = publish_root() / LOCKS
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / f"{host}.lock", "a+b")  # noqa: SIM115
    except OSError as error:
        raise PublishWriteError(
            error.errno, write_error_message(error, directory)
        ) from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def file_path_for_url(url_path: str) -> str:
    """``/yaowen/`` -> ``yaowen/index.html``; ``/yaowen/feed.xml`` unchanged."""
    relative = url_path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative


def url_for_file_path(file_path: str) -> str:
    if file_path == "index.html":
        return "/"
    if file_path.endswith("/index.html"):
        return "/" + file_path.removesuffix("index.html")
    return "/" + file_path


def walk_files(tree: Path) -> Iterator[str]:
    """Relative paths of every file in ``tree``."""
    for directory, _dirs, files in os.walk(tree):
        for name in files:
            yield os.path.relpath(os.path.join(directory, name), tree)
