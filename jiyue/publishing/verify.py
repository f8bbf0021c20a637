"""Tamper check (网页篡改): what is online against the manifest of what was published."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
from django.utils.translation import gettext as _
from wagtail.models import Site

from jiyue.quality.findings import Finding

from . import storage
from .manifest import ASSET_PREFIX, Manifest, sha256
from .render import site_host_header

DIFF_LINES = 200


def _text(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)


def text_diff(expected: bytes | None, actual: bytes | None, name: str) -> str:
    lines = difflib.unified_diff(
        _text(expected),
        _text(actual),
        fromfile=f"published/{name}",
        tofile=f"online/{name}",
    )
    return "".join(list(lines)[:DIFF_LINES])


def _expected_bytes(site: Site, path: str, entry: dict) -> bytes | None:
    """The published bytes, from the version's object store."""
    version = storage.current_version(site.hostname)
    if version is None or path.startswith(ASSET_PREFIX):
        return None
    return storage.load_object(version, entry["sha256"])


def _finding(url: str, message: str, evidence: str, **extra) -> Finding:
    return Finding(
        type="tampered",
        severity="veto",
        url=url,
        target=None,
        evidence=evidence,
        message=message,
        extra=extra,
    )


def _changed(site: Site, url: str, path: str, entry: dict, actual: bytes) -> Finding:
    expected = _expected_bytes(site, path, entry)
    evidence = text_diff(expected, actual, path) if expected is not None else ""
    return _finding(
        url,
        _("页面内容与发布版本不一致（可能被篡改）：%(path)s") % {"path": path},
        evidence
        or _("sha256 应为 %(expected)s，实为 %(actual)s")
        % {"expected": entry["sha256"], "actual": sha256(actual)},
        kind="changed",
    )


def _missing(url: str, path: str) -> Finding:
    return _finding(
        url, _("已发布的文件缺失：%(path)s") % {"path": path}, "", kind="missing"
    )


def _added(url: str, path: str, actual: bytes) -> Finding:
    return _finding(
        url,
        _("发布目录中出现了未发布的文件：%(path)s") % {"path": path},
        text_diff(b"", actual, path),
        kind="added",
    )


def verify_disk(site: Site) -> list[Finding]:
    """Compares the files of ``site``'s published tree with its manifest."""
    version = storage.current_version(site.hostname)
    if version is None:
        return []
    manifest = Manifest.load(version, site.hostname)
    tree = storage.tree_dir(version)
    findings = list(_compare(site, manifest, lambda p: _read(tree / p)))
    for path in sorted(set(storage.walk_files(tree)) - set(manifest.files)):
        url = site.root_url + storage.url_for_file_path(path)
        findings.append(_added(url, path, _read(tree / path) or b""))
    return findings


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _compare(site: Site, manifest: Manifest, fetch) -> Iterator[Finding]:
    for path, entry in sorted(manifest.files.items()):
        url = site.root_url + storage.url_for_file_path(path)
        actual = fetch(path)
        if actual is None:
            yield _missing(url, path)
        elif sha256(actual) != entry["sha256"]:
            yield _changed(site, url, path, entry, actual)


def verify_served(site: Site, served: Mapping[str, bytes | None]) -> list[Finding]:
    """Judges what a server served for some paths (a crawler's view, e.g. the
    monitor): ``served`` maps a file path to the bytes served, None when it was not
    served. A published path is changed or missing; an unpublished one is added."""
    version = storage.current_version(site.hostname)
    if version is None:
        return []
    manifest = Manifest.load(version, site.hostname)
    files = {p: manifest.files[p] for p in served if p in manifest.files}
    findings = list(_compare(site, Manifest(site.hostname, files=files), served.get))
    for path in sorted(set(served) - set(manifest.files)):
        actual = served[path]
        if actual is not None:
            url = site.root_url + storage.url_for_file_path(path)
            findings.append(_added(url, path, actual))
    return findings


def verify_url(site: Site, base: str) -> list[Finding]:
    """Fetches every published path from a server at ``base`` with the site's
    ``Host`` header and compares it with the manifest."""
    version = storage.current_version(site.hostname)
    manifest = Manifest.load(version, site.hostname)
    headers = {"Host": site_host_header(site)}
    with httpx.Client(base_url=base.rstrip("/"), headers=headers, timeout=15) as client:

        def fetch(path: str) -> bytes | None:
            response = client.get(storage.url_for_file_path(path))
            return response.content if response.status_code == 200 else None

        return list(_compare(site, manifest, fetch))
