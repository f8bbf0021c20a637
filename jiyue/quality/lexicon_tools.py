"""Maintenance helpers for the shipped lexicons (not used at check time)."""

from __future__ import annotations

from pathlib import Path


def jieba_dictionary() -> set[str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    return {
        line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
    }


def ordinary_words(lexicon_words: list[str], keep: set[str]) -> list[str]:
    """Lexicon entries that are ordinary dictionary words (``sensitive_ordinary.txt``).

    An entry found in jieba's dictionary (日本, 干部, 证券, 农药…) is a word of ordinary
    language: matching it would flag clean official text. Entries in ``keep`` stay.
    """
    dictionary = jieba_dictionary()
    return sorted({w for w in lexicon_words if w in dictionary and w not in keep})


#: Debian's fonts-wqy-microhei (installed by ``make test-tools``)
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def shape_pairs(
    characters: list[str],
    font: str = FONT,
    threshold: float = 0.93,
) -> list[tuple[str, str, float]]:
    """形近字 (``shape_similar.tsv``, ADR 0430): pairs of ``characters`` whose
    glyphs look alike — each drawn at 56 px in ``font`` (Debian's
    fonts-wqy-microhei), blurred, reduced to 16×16 grey levels; the cosine of two
    such images at least ``threshold``. A coarse sign bitmap (at most 40 of 256
    bits apart) picks the candidates first. About a minute for 3,500 characters.

    Written as it ships::

        from jiyue.quality import segment
        from jiyue.quality.lexicon_tools import shape_pairs
        chars = sorted(w for w, f in segment.tokenizer().FREQ.items()
                       if f >= 300 and len(w) == 1 and "\u4e00" <= w <= "\u9fff")
        rows = shape_pairs(chars)  # then one "a<TAB>b<TAB>similarity" line each
    """
    import math

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    face = ImageFont.truetype(font, 56)

    def image(char: str) -> list[float]:
        canvas = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(canvas).text((4, 0), char, font=face, fill=255)
        small = canvas.filter(ImageFilter.GaussianBlur(2)).resize(
            (16, 16), Image.Resampling.BILINEAR
        )
        values = list(small.getdata())
        mean = sum(values) / len(values)
        centred = [v - mean for v in values]
        norm = math.sqrt(sum(v * v for v in centred)) or 1.0
        return [v / norm for v in centred]

    images = [image(c) for c in characters]
    signs = [sum(1 << i for i, v in enumerate(img) if v > 0) for img in images]
    pairs = []
    for i, sign in enumerate(signs):
        for j in range(i + 1, len(signs)):
            if (sign ^ signs[j]).bit_count() > 40:
                continue
            similarity = sum(x * y for x, y in zip(images[i], images[j], strict=True))
            if similarity >= threshold:
                pairs.append((characters[i], characters[j], round(similarity, 3)))
    return pairs
