from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.resolve().glob("*.md"))


@pytest.fixture(scope="session")
def corpus() -> dict[str, str]:
    files = corpus_files()
    if not files:
        pytest.skip("shared/corpus not found beside the project")
    return {f.name: f.read_text(encoding="utf-8") for f in files}
