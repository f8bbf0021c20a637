"""The ``jiyue`` command: the project's manage.py under its own name."""

import os
import sys

# Commands that need neither the database nor the cache.
NO_SERVICES = {"help", "--help", "-h", "version", "--version"}


def _fail(message: str) -> None:
    sys.stderr.write(message + "\n")
    raise SystemExit(2)


def preflight() -> None:
    """A wrong DATABASE_URL or a JIYUE_REDIS_URL pointing at nothing: a Chinese
    message saying what to do, before the command changes anything. Nothing set:
    the embedded defaults, nothing checked."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        try:
            parsed = dj_database_url.parse(url)
        except Exception as error:  # noqa: BLE001 - any parse failure
            _fail(
                f"DATABASE_URL 无法解析（{error}）：请写成 "
                "postgres://用户:密码@主机:5432/库名 或 sqlite:////绝对路径/jiyue.sqlite3，"
                "或删除该变量以使用内置的 SQLite 数据库。"
            )
        if not parsed.get("ENGINE"):
            _fail(
                "DATABASE_URL 没有指明数据库类型：请以 postgres:// 或 sqlite:// 开头。"
            )
    redis_url = os.environ.get("JIYUE_REDIS_URL")
    if not url and not redis_url:
        return
    settings_problem()  # a setting missing (SECRET_KEY, Redis for RQ…): said first
    import django

    django.setup()
    if url:
        from django.db import connections

        try:
            connections["default"].ensure_connection()
        except Exception as error:  # noqa: BLE001 - any reason it cannot connect
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            _fail(
                f"无法连接 DATABASE_URL 指向的数据库（{reason}）：请确认数据库服务已启动、"
                "主机和端口、用户名密码和库名正确（PostgreSQL 可先用 createdb 建库），"
                "或删除 DATABASE_URL 以使用内置的 SQLite 数据库。"
            )
    if redis_url:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
        except Exception as error:  # noqa: BLE001 - unparsable or unreachable
            _fail(
                f"无法连接 JIYUE_REDIS_URL 指向的 Redis（{error}）：请启动 Redis 或改正地址"
                "（如 redis://127.0.0.1:6379/0），或删除该变量以使用数据库中的共享缓存。"
            )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
    if len(sys.argv) > 1 and sys.argv[1] not in NO_SERVICES:
        preflight()
    from django.core.management import execute_from_command_line

    from jiyue.argparse_zh import install

    install()  # argparse's refusals in Chinese
    settings_problem()
    execute_from_command_line(sys.argv)


def settings_problem() -> None:
    """A setting the environment must give (SECRET_KEY outside the demo, …): its
    Chinese message alone, exit status 2, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 (reading it loads and checks the settings)
    except ImproperlyConfigured as error:
        _fail(str(error))


if __name__ == "__main__":
    main()
