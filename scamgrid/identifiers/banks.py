"""Bank codes of the region and the names and BICs people write for them.

A victim writes "Kasikorn", "กสิกรไทย" or "KASITHBK"; an analyst writes "KBANK". They are the
same bank, so they must give the same canonical account (`TH:KBANK:...`). Codes are the short
names banks use for themselves; unknown codes are kept as written (upper case).
"""

from __future__ import annotations

import re

# country -> code -> names and BICs (matched case-insensitively, spaces ignored)
BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "TH": {
        "KBANK": ("kasikorn", "kasikornbank", "kasikorn bank", "กสิกรไทย", "กสิกร", "KASITHBK"),
        "SCB": ("siam commercial bank", "siam commercial", "ไทยพาณิชย์", "SICOTHBK"),
        "BBL": ("bangkok bank", "กรุงเทพ", "ธนาคารกรุงเทพ", "BKKBTHBK"),
        "KTB": ("krungthai", "krung thai", "krungthai bank", "กรุงไทย", "KRTHTHBK"),
        "BAY": ("krungsri", "bank of ayudhya", "กรุงศรี", "กรุงศรีอยุธยา", "AYUDTHBK"),
        "TTB": ("tmbthanachart", "tmb", "ทีทีบี", "ทหารไทยธนชาต", "TMBKTHBK"),
        "GSB": ("government savings bank", "ออมสิน", "GSBATHBK"),
        "BAAC": ("ธ.ก.ส.", "ธกส"),
    },
    "CN": {
        "ICBC": ("工商银行", "中国工商银行", "工行", "ICBKCNBJ"),
        "CCB": ("建设银行", "中国建设银行", "建行", "PCBCCNBJ"),
        "ABC": ("农业银行", "中国农业银行", "农行", "ABOCCNBJ"),
        "BOC": ("中国银行", "bank of china", "BKCHCNBJ"),
        "BOCOM": ("交通银行", "bank of communications", "COMMCNSH"),
        "CMB": ("招商银行", "china merchants bank", "CMBCCNBS"),
        "PSBC": ("邮储银行", "中国邮政储蓄银行", "邮政储蓄"),
    },
    "VN": {
        "VCB": ("vietcombank", "BFTVVNVX"),
        "BIDV": ("BIDVVNVX",),
        "CTG": ("vietinbank", "ICBVVNVX"),
        "TCB": ("techcombank", "VTCBVNVX"),
        "ACB": ("asia commercial bank", "ASCBVNVX"),
        "MB": ("mbbank", "military bank", "MSCBVNVX"),
    },
    "KH": {
        "ABA": ("aba bank", "advanced bank of asia", "ABAAKHPP"),
        "ACLEDA": ("acleda bank", "ACLBKHPP"),
        "WING": ("wing bank",),
    },
    "LA": {"BCEL": ("banque pour le commerce exterieur lao", "COEBLALA"), "LDB": ()},
    "MM": {
        "KBZ": ("kanbawza", "kbz bank", "KBZBMMMY"),
        "AYA": ("aya bank", "ayeyarwady bank", "AYABMMMY"),
        "CB": ("cb bank", "co-operative bank", "CPOBMMMY"),
        "YOMA": ("yoma bank",),
    },
}

_SQUEEZE = re.compile(r"[\s_.-]+")


def _key(name: str) -> str:
    return _SQUEEZE.sub("", name).casefold().removeprefix("ธนาคาร")


_BY_NAME: dict[tuple[str, str], str] = {
    (country, _key(name)): code
    for country, codes in BANKS.items()
    for code, names in codes.items()
    for name in (code, *names)
}
# BICs name their country (letters 5-6), so they place an account even without a country.
_BY_BIC: dict[str, tuple[str, str]] = {
    name.upper(): (country, code)
    for country, codes in BANKS.items()
    for code, names in codes.items()
    for name in names
    if re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}", name)
}


def bank_code(name: str, country: str | None) -> tuple[str | None, str]:
    """(country, code) for a bank as written; unknown names come back upper-cased as given."""
    bic = name.strip().upper()
    if bic[:8] in _BY_BIC and len(bic) in (8, 11):
        return _BY_BIC[bic[:8]]
    if country:
        code = _BY_NAME.get((country.upper(), _key(name)))
        if code:
            return country.upper(), code
    return country, name.strip().upper()


def _name_pattern(names: list[str]) -> re.Pattern[str]:
    # ASCII names as whole words of 3+ letters ("MB" would be megabytes); others as written.
    parts = [
        rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])" if n.isascii() else re.escape(n)
        for n in sorted(names, key=len, reverse=True)
        if not n.isascii() or len(n) >= 3
    ]
    return re.compile("|".join(parts), re.I)


_NAMES_IN_TEXT = {
    country: _name_pattern([name for code, names in codes.items() for name in (code, *names)])
    for country, codes in BANKS.items()
}


def bank_named_in(text: str, country: str | None) -> tuple[str, str] | None:
    """(country, code) of a bank named in `text` (the hint country's banks first)."""
    order = [country.upper()] if country and country.upper() in BANKS else []
    order += [c for c in BANKS if c not in order]
    for candidate in order:
        named = _NAMES_IN_TEXT[candidate].search(text)
        if named:
            found_country, code = bank_code(named.group(0), candidate)
            return (found_country or candidate), code
    return None
