"""Generated but realistic items, built from the corpus's own sentences."""

from __future__ import annotations

import random

from django.utils.html import escape

NEWS_TITLES = (
    "{city}召开政府网站与政务新媒体工作推进会",
    "{city}部署开展政府网站季度自查工作",
    "{city}政务服务“一网通办”事项再扩容",
    "{city}举办政府信息公开业务培训班",
    "{city}推进政务公开标准化规范化建设",
    "{city}召开优化营商环境工作座谈会",
    "{city}开展政策解读进社区活动",
    "{city}通报第三季度政府网站检查情况",
    "{city}启动“我为群众办实事”网上征集",
    "{city}召开常务会议研究部署近期重点工作",
    "{city}组织开展网络安全应急演练",
    "{city}推动数据共享开放工作取得新进展",
    "{city}召开互动交流平台留言办理工作会",
    "{city}部署做好年度工作报表编制工作",
)
NOTICE_TITLES = (
    "关于开展{year}年度政府网站普查自查工作的通知",
    "关于做好政府网站年度工作报表发布工作的通知",
    "关于公布政府网站抽查情况的通报",
    "关于调整政务服务大厅节假日办公时间的公告",
    "关于征集{year}年民生实事项目意见建议的公告",
    "关于进一步加强政务新媒体管理的通知",
)
INTERPRETATION_TITLES = (
    "《{title}》政策解读",
    "解读：《{title}》出台背景和主要内容",
)


def pick_sentences(rng: random.Random, sentences: list[str], count: int) -> list[str]:
    return rng.sample(sentences, k=min(count, len(sentences)))


def paragraphs_html(rng: random.Random, sentences: list[str], lead: str) -> str:
    parts = [f"<p>{escape(lead)}</p>"]
    for _i in range(3):
        parts.append(f"<p>{escape(''.join(pick_sentences(rng, sentences, 2)))}</p>")
    return "".join(parts)


def news_lead(city: str, unit: str, day: str) -> str:
    return f"{day}，{city}{unit}召开专题会议，研究部署政府网站信息内容建设相关工作。"
