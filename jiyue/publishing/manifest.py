"""The manifest of one published tree: path -> sha256, page, revision, time."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from . import storage


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    host: str
    site_code: str = ""
    files: dict[str, dict] = field(default_factory=dict)

    def put(
        self, path: str, data: bytes, page_id: int | None, revision_id: int | None
    ) -> None:
        self.files[path] = {
            "sha256": sha256(data),
            "size": len(data),
            "page_id": page_id,
            "revision_id": revision_id,
            "time": timezone.now().isoformat(timespec="seconds"),
        }

    def owned_by(self, page_ids: set[int]) -> set[str]:
        return {
            path
            for path, entry in self.files.items()
            if entry.get("page_id") in page_ids
        }

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
