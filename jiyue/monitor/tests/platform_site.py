"""A tiny site served on loopback in place of the demo portal (www.localhost:8000).

Its paths match pages of the demo cluster (``/yaowen/`` is the portal's 要闻动态
column), so findings on them link to the page's edit view in the admin. The routes
are a plain dict: a test changes them between two crawls to fix or re-break a link.
"""

from __future__ import annotations

import datetime as dt

from jiyue.monitor.tests.server import Served
from jiyue.monitor.tests.site import column_meta, dated_list, html

HOST = "www.localhost"
NETLOC = "www.localhost:8000"
ROOT = f"http://{NETLOC}/"


def routes() -> dict:
    today = dt.date.today().isoformat()
    return {
        "/": html(
            dated_list([("/yaowen/a1.html", today)])
            + '<a href="/yaowen/">要闻动态</a> <a href="/gone.html">已删除</a>'
        ),
        "/yaowen/": html(
            dated_list([("/yaowen/a1.html", today)])
            + '<a href="/yaowen/missing.html">旧信息</a>',
            head=column_meta("要闻动态", "news"),
        ),
        "/yaowen/a1.html": html("<p>今天的要闻。</p>"),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b""),
    }


def served() -> Served:
    return Served(routes={HOST: routes()}, fallback={})
