"""The reproducible, stratified sample of a quarterly spot check (ADR 0803).

Pure: it takes the population (each site's code and stratum), the seed, the rate
and the codes that must be checked (不合格 last time), and answers the same
sample for the same input on any machine and any Python.

- Strata are (site type, level), walked in sorted order; in each, the sites in
  code order.
- Each stratum gives ``ceil(rate × its size)`` sites, so every stratum is seen
  and the whole sample is at least ``ceil(rate × population)``.
- The sites that must be checked are taken first and count towards their
  stratum's share; the rest of the share is drawn with ``random.Random(seed)``.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Member:
    code: str
    stratum: str


@dataclass(frozen=True)
class Drawn:
    code: str
    stratum: str
    mandatory: bool


def quota(size: int, rate: Decimal) -> int:
    """``ceil(rate × size)`` in exact decimals (0.3 × 10 is 3, not 3.0000000004)."""
    return math.ceil(Decimal(size) * rate) if size else 0


def draw(
    population: Iterable[Member],
    *,
    seed: int,
    rate: Decimal,
    mandatory: Iterable[str] = (),
) -> list[Drawn]:
    must = set(mandatory)
    strata: dict[str, list[str]] = defaultdict(list)
    for member in population:
        strata[member.stratum].append(member.code)
    # A sample anyone can draw again from the seed; nothing secret rests on it.
    rng = random.Random(seed)  # noqa: S311
    drawn: list[Drawn] = []
    for stratum in sorted(strata):
        codes = sorted(strata[stratum])
        forced = [c for c in codes if c in must]
        rest = [c for c in codes if c not in must]
        share = max(quota(len(codes), rate) - len(forced), 0)
        chosen = rng.sample(rest, min(share, len(rest)))
        drawn += [Drawn(c, stratum, True) for c in forced]
        drawn += [Drawn(c, stratum, False) for c in sorted(chosen)]
    return sorted(drawn, key=lambda d: d.code)
