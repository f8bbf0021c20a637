from __future__ import annotations

from jiyue.monitor.crawler.decode import decode_html, looks_binary
from jiyue.monitor.crawler.urls import calendar_like, normalize, registrable_domain


def test_normalize_strips_fragments_and_session_ids():
    assert normalize(
        "/a/;jsessionid=XYZ?id=3&PHPSESSID=abc#top", "http://X.gov.cn:80/"
    ) == ("http://x.gov.cn/a/?id=3")
    assert normalize("javascript:void(0)", "http://x.gov.cn/") is None
    assert normalize("mailto:a@b.cn") is None
    assert normalize("http://[::1:bad") is None


def test_registrable_domain_without_public_suffix_list():
    assert registrable_domain("www.xa.gov.cn") == "xa.gov.cn"
    assert registrable_domain("news.example.com") == "example.com"
    assert registrable_domain("127.0.0.1:8000") == "127.0.0.1"


def test_calendar_queries():
    assert calendar_like("date=2031-05")
    assert calendar_like("year=2031&month=5")
    assert not calendar_like("id=31")


def test_gbk_declared_undeclared_and_misdeclared():
    text = "<html><body><p>关于加强政府网站信息内容建设的意见，国务院办公厅。</p></body></html>"
    data = text.encode("gbk")
    assert decode_html(data, "text/html; charset=GBK") == (text, "gb18030")
    assert decode_html(data, "text/html")[0] == text
    assert decode_html(data, "text/html; charset=utf-8")[0] == text


def test_binary_sniffing():
    assert looks_binary(b"%PDF-1.7 ...")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00")
    assert not looks_binary("<html>中文</html>".encode())
