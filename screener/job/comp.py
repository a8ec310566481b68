"""The stated pay range of a JD, and the seeds' band it should sit in (skill_taxonomy/job/comp_bands.csv).

"$150,000 - $175,000", "$150k–$175k base", "USD 150-175K", "€90.000 to €120.000", "$300K-$320K
total compensation". A range is total compensation when its line says so (job.toml [comp]
total_words), else base salary: US pay-transparency ranges are base.
"""

from __future__ import annotations

import re

from screener.job.model import JobLine, Salary
from screener.job.rules import Band, JobRules

THOUSAND = 1000
_CUR = r"(?P<{n}>\$|US\$|USD|€|EUR|£|GBP)"
_AMT = r"(?P<{n}>\d{{1,3}}(?:[,.]\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<{k}>[kK])?"
RANGE = re.compile(
    _CUR.format(n="c1") + r"?\s*" + _AMT.format(n="a1", k="k1") + r"\s*(?:-|–|—|to)\s*"
    + _CUR.format(n="c2") + r"?\s*" + _AMT.format(n="a2", k="k2") + r"\s*" + _CUR.format(n="c3") + "?"
)
CURRENCY = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP"}


def _amount(text: str, k: str | None, other_k: str | None) -> int:
    value = float(re.sub(r"[,.](?=\d{3}\b)", "", text))
    return round(value * THOUSAND) if (k or other_k) and value < THOUSAND else round(value)


def salary(lines: list[JobLine], rules: JobRules) -> Salary | None:
    """The first range with a currency whose amounts look like a yearly salary."""
    minimum = int(rules.comp["min_amount"])
    for ln in lines:
        for m in RANGE.finditer(ln.text):
            sign = m.group("c1") or m.group("c2") or m.group("c3")
            if not sign:
                continue
            low = _amount(m.group("a1"), m.group("k1"), m.group("k2"))
            high = _amount(m.group("a2"), m.group("k2"), m.group("k1"))
            if low < minimum or high < low:
                continue
            total = any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", ln.text, re.I if w.islower() else 0)
                        for w in rules.comp["total_words"])
            return Salary(low, high, CURRENCY[sign], "total" if total else "base", ln.number, ln.text)
    return None


def band_for(variant: str, seniority: str, stated: Salary, rules: JobRules) -> Band | None:
    """The seeds' band for the variant, seniority, pay and currency; without a seniority, the lowest one."""
    bands = [b for b in rules.bands if b.variant == variant and b.pay == stated.pay and b.currency == stated.currency]
    if seniority:
        return next((b for b in bands if b.seniority == seniority), None)
    return min(bands, key=lambda b: b.low, default=None)


def below_band(variant: str, seniority: str, stated: Salary | None, rules: JobRules) -> Band | None:
    """The band the stated range sits wholly below (its top under the band's low end), else None."""
    if stated is None:
        return None
    band = band_for(variant, seniority, stated, rules)
    return band if band is not None and stated.high < band.low else None
