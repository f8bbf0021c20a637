"""The manifest of one published tree: path -> sha256, page, revision, time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from . import storage

# Hashed static files and copied image renditions (docs/decisions/0214).
ASSET_PREFIX = ("static/", "media/")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    host: str
    site_code: str = ""
    files: dict[str, dict] = field(default_factory=dict)

    def put(
        self,
        path: str,
        data: bytes,
        page_id: int | None,
        revision_id: int | None,
        assets: Iterable[str] | None = None,
    ) -> None:
        """Records ``path``; ``assets``: the hashed static files it refers to."""
        self.files[path] = {
            "sha256": sha256(data),
            "size": len(data),
            "page_id": page_id,
            "revision_id": revision_id,
            "time": timezone.now().isoformat(timespec="seconds"),
        }
        if assets is not None:
            self.files[path]["assets"] = sorted(assets)

    def unreferenced_assets(self) -> set[str]:
        """Static files no published file refers to any more; nothing when a file
        was recorded without its references (a tree published before they were)."""
        assets = {path for path in self.files if path.startswith(ASSET_PREFIX)}
        referenced: set[str] = set()
        for path, entry in self.files.items():
            if path in assets:
                continue
            if "assets" not in entry:
                return set()
            referenced.update(entry["assets"])
        return assets - referenced

    def owned_by(self, page_ids: set[int]) -> set[str]:
        return {
            path
            for path, entry in self.files.items()
            if entry.get("page_id") in page_ids
        }

    def digests(self) -> set[str]:
        return {entry["sha256"] for entry in self.files.values()}

    def revision_of(self, page_id: int) -> int | None:
        for entry in self.files.values():
            if entry.get("page_id") == page_id:
                return entry.get("revision_id")
        return None

    def as_json(self) -> bytes:
        data = {
            "host": self.host,
            "site": self.site_code,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    def save(self, version: Path) -> None:
        storage.atomic_write(storage.manifest_path(version), self.as_json())

    @classmethod
    def load(cls, version: Path | None, host: str, site_code: str = "") -> Manifest:
        manifest = cls(host=host, site_code=site_code)
        if version is None:
            return manifest
        path = storage.manifest_path(version)
        if path.exists():
            manifest.files = json.loads(path.read_text(encoding="utf-8"))["files"]
        return manifest
