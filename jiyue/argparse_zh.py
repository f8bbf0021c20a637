"""Command-line refusals in Chinese: argparse's own messages (a missing or unknown
argument, a bad value, a bad choice) are English; ``install()`` gives the module
Chinese ones, for every ``jiyue`` command (docs/decisions/0807)."""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "用法：",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "须提供以下参数之一：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid %(type)s value: %(value)r": "不是有效的%(type)s：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选项：%(value)r（可选：%(choices)s）"
    ),
    "expected one argument": "须提供一个值",
    "expected at most one argument": "最多提供一个值",
    "expected at least one argument": "至少提供一个值",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "有歧义的选项：%(option)s 可能是 %(matches)s"
    ),
    "show this help message and exit": "显示帮助并退出",
    "positional arguments": "位置参数",
    "options": "选项",
    "show program's version number and exit": "显示版本号并退出",
}
PLURALS = {"expected %s argument": "须提供 %s 个值"}
#: the type names argparse puts in "invalid %(type)s value"
TYPES = {"int": "整数", "float": "数字"}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


def _type_name(original):
    def convert(self, action, arg_string):
        try:
            return original(self, action, arg_string)
        except argparse.ArgumentError as error:
            kind = getattr(action.type, "__name__", "")
            if kind in TYPES:
                error.message = MESSAGES["invalid %(type)s value: %(value)r"] % {
                    "type": TYPES[kind], "value": arg_string,
                }  # fmt: skip
            raise

    return convert


def install() -> None:
    if getattr(argparse, "_jiyue_zh", False):
        return
    argparse._ = gettext
    argparse.ngettext = ngettext
    argparse.ArgumentParser._get_value = _type_name(argparse.ArgumentParser._get_value)
    argparse._jiyue_zh = True
