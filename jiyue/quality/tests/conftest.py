from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "content" / "demo" / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.resolve().glob("*.md"))


@pytest.fixture(scope="session")
def corpus() -> dict[str, str]:
    files = corpus_files()
    assert files, f"the demo corpus is missing: {CORPUS}"
    return {f.name: f.read_text(encoding="utf-8") for f in files}
