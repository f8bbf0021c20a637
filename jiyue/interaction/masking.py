"""Personal data out of what is published: names as 某某, phones and ID numbers
masked with the quality app's maskers, e-mail addresses hidden."""

from __future__ import annotations

import re

from jiyue.quality import mask_id_number, mask_phone

ID_NUMBER = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{9}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
LANDLINE = re.compile(r"(?<![0-9])0\d{2,3}-?\d{7,8}(?![0-9])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ANONYMOUS = "某某"


def mask_text(text: str, *, names: tuple[str, ...] = ()) -> str:
    """``text`` with the given names, ID numbers, phones and e-mails masked."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len)[::-1]:
        text = text.replace(name, ANONYMOUS)
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE.sub(lambda m: mask_phone(m.group()), text)
    text = LANDLINE.sub(lambda m: mask_phone(m.group()), text)
    return EMAIL.sub("***@***", text)
