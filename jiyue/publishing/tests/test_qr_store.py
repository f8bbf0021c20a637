"""QR codes kept between runs (docs/decisions/0210): the same SVG whether encoded
now or read back, and a damaged or unusable store never changes a page."""

from __future__ import annotations

import sqlite3

import pytest
import segno

from jiyue.publishing import qr_store
from jiyue.publishing.templatetags import jiyue_share

URL = "http://www.localhost:8000/xxgk/tzgg/notice-1/"


@pytest.fixture
def store_path(tmp_path, settings):
    path = tmp_path / "cache" / "qr.sqlite3"
    settings.JIYUE_QR_CACHE = str(path)
    jiyue_share._qr_svg.cache_clear()
    yield path
    qr_store.flush()
    jiyue_share._qr_svg.cache_clear()


def rows(path) -> dict[str, bytes]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT url, svg FROM qr"))


def test_a_code_is_encoded_once_and_read_back_with_the_same_bytes(
    store_path, monkeypatch
):
    fresh = jiyue_share._encode_svg(URL)
    assert jiyue_share._qr_svg(URL) == fresh
    qr_store.flush()
    assert list(rows(store_path)) == [URL]

    jiyue_share._qr_svg.cache_clear()
    monkeypatch.setattr(segno, "make", lambda *a, **k: pytest.fail("encoded again"))
    assert jiyue_share._qr_svg(URL) == fresh


def test_a_damaged_entry_is_encoded_again_and_replaced(store_path):
    fresh = jiyue_share._qr_svg(URL)
    qr_store.flush()
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE qr SET svg = ? WHERE url = ?", (b"not zlib", URL))
    jiyue_share._qr_svg.cache_clear()
    assert jiyue_share._qr_svg(URL) == fresh
    qr_store.flush()
    assert rows(store_path)[URL] != b"not zlib"


def test_an_unusable_store_leaves_pages_as_they_are(tmp_path, settings, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.JIYUE_QR_CACHE = str(blocker / "qr.sqlite3")  # a directory under a file
    jiyue_share._qr_svg.cache_clear()
    try:
        assert jiyue_share._qr_svg(URL) == jiyue_share._encode_svg(URL)
    finally:
        jiyue_share._qr_svg.cache_clear()
    assert "二维码缓存不可用" in caplog.text


def test_a_store_can_be_turned_off(settings):
    settings.JIYUE_QR_CACHE = ""
    jiyue_share._qr_svg.cache_clear()
    try:
        assert jiyue_share._qr_svg(URL) == jiyue_share._encode_svg(URL)
        assert qr_store.store().get(URL) is None
    finally:
        jiyue_share._qr_svg.cache_clear()
