"""Chinese names in characters: pinyin as on PRC passports, and older romanisations.

`pypinyin` reads the characters; what it lacks for names is written here: surname readings that
differ from the common reading (单 Shan, 曾 Zeng, 区 Ou), two-character surnames (欧阳, 司马),
the passport's spelling of ü (`LYU`, `LU`), Wade-Giles (Taiwan, older documents:
`Chang Wei-kuo`) by rule, and the Cantonese / Hokkien surname spellings of Hong Kong, Macau and
Southeast Asian documents for the common surnames (陈 Chan / Tan, 黄 Wong / Ng).
"""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "歐陽",
        "諸葛",
        "司徒",
    ]
)
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "区": "ou", "區": "ou", "仇": "qiu", "解": "xie", "查": "zha",
    "朴": "piao", "盖": "ge", "覃": "qin", "尉迟": "yuchi", "万俟": "moqi", "繁": "po",
    "缪": "miao", "乐": "yue", "翟": "zhai", "秘": "bi", "种": "chong", "召": "shao",
}  # fmt: skip
# Pinyin surname -> spellings on Hong Kong, Macau, Malaysian, Singaporean, Thai-Chinese papers.
SURNAME_VARIANTS = {
    "chen": ("chan", "tan", "chin"), "huang": ("wong", "ng", "hwang", "oei"),
    "wang": ("wong", "ong"), "zhang": ("cheung", "teo", "chong"), "li": ("lee", "lei"),
    "liu": ("lau", "liew", "lao"), "lin": ("lam", "lim"), "wu": ("ng", "goh", "woo"),
    "zheng": ("cheng", "tay", "chang"), "zhou": ("chow", "chau", "chew"),
    "xu": ("tsui", "hsu", "koh", "chee"), "yang": ("yeung", "yeo", "young"),
    "zhao": ("chiu", "chao", "teo"), "he": ("ho", "hoh"), "liang": ("leung", "neo"),
    "xie": ("tse", "hsieh", "chia"), "guo": ("kwok", "kuo", "quek"), "ma": ("mah",),
    "sun": ("suen", "soon"), "zhu": ("chu", "choo"), "hu": ("woo", "foo"),
    "luo": ("law", "lo", "loh"), "gao": ("ko", "kao", "koh"), "ye": ("yip", "yeh", "yap"),
    "cai": ("choi", "tsai", "chua"), "deng": ("tang", "teng"), "feng": ("fung", "pang"),
    "cao": ("tso", "chow"), "zeng": ("tsang", "chan"), "peng": ("pang", "phang"),
    "xiao": ("siu", "seow"), "tian": ("tin",), "dong": ("tung",), "pan": ("poon", "phua"),
    "yuan": ("yuen",), "jiang": ("chiang", "kong"), "han": ("hon",), "lu": ("lo", "loke"),
    "su": ("so", "soh"), "wei": ("ngai",), "lv": ("lui", "lu"), "ding": ("ting",),
    "song": ("sung",), "tang": ("tong",), "qian": ("chin",), "zhong": ("chung",),
}  # fmt: skip

# Wade-Giles by rule (apostrophes dropped, as on passports): whole syllables first, then
# initials and finals.
_WG_SYLLABLES = {
    "zi": "tzu", "ci": "tzu", "si": "ssu", "zhi": "chih", "chi": "chih", "shi": "shih",
    "ri": "jih", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh", "yue": "yueh",
    "er": "erh", "he": "ho", "ke": "ko", "ge": "ko", "e": "o", "jue": "chueh",
    "que": "chueh", "xue": "hsueh", "lve": "lueh", "nve": "nueh", "shuo": "shuo",
    "guo": "kuo", "kuo": "kuo", "huo": "huo", "zhuo": "cho", "chuo": "cho", "ruo": "jo",
    "yong": "yung", "rong": "jung", "gui": "kuei", "kui": "kuei",
}  # fmt: skip
_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("z", "ts"), ("c", "ts"), ("s", "s"),
    ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"), ("g", "k"), ("k", "k"), ("j", "ch"),
    ("q", "ch"), ("x", "hs"), ("r", "j"),
)  # fmt: skip
_WG_FINALS = (("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("uo", "o"))


def wade_giles(syllable: str) -> str:
    """One pinyin syllable (no tone) in Wade-Giles without apostrophes: zhang -> chang."""
    if syllable in _WG_SYLLABLES:
        return _WG_SYLLABLES[syllable]
    initial, rest = "", syllable
    for pinyin, wade in _WG_INITIALS:
        if syllable.startswith(pinyin):
            initial, rest = wade, syllable[len(pinyin) :]
            break
    if initial in ("ch", "hs") and syllable[0] in "jqx" and rest.startswith("u"):
        rest = "u" + rest[1:]  # ju, qu, xu are ü
    for pinyin, wade in _WG_FINALS:
        if rest.endswith(pinyin):
            rest = rest[: -len(pinyin)] + wade
            break
    if rest == "e" and initial:
        rest = "o" if initial in ("k", "h") else "e"
    return initial + rest


def _syllables(chars: str) -> list[str]:
    return [s.replace("ü", "v") for s in lazy_pinyin(chars, style=Style.NORMAL, errors="ignore")]


def split_surname(name: str) -> tuple[str, str]:
    """Surname and given name of a name in characters (surname first, one or two characters)."""
    name = "".join(name.split()).replace("·", "")
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _ascii_v(syllable: str, spelling: str) -> str:
    return syllable.replace("v", spelling)


@cache
def romanisations(name: str) -> tuple[tuple[str, ...], ...]:
    """Token tuples a document may write a name in characters as, pinyin (as on PRC passports)
    first: (surname, given name joined) in pinyin, in Wade-Giles, and with the usual regional
    spellings of the surname."""
    surname, given = split_surname(name)
    surname_syllables = (
        [SURNAME_READINGS[surname]] if surname in SURNAME_READINGS else _syllables(surname)
    )
    given_syllables = _syllables(given)
    forms: list[tuple[str, ...]] = []
    for spelling in ("yu", "u", "v"):  # ü: LYU on passports since 2012, LU or LV before
        family = "".join(_ascii_v(s, spelling) for s in surname_syllables)
        first = "".join(_ascii_v(s, spelling) for s in given_syllables)
        forms.append(tuple(t for t in (family, first) if t))
        if "v" not in "".join(surname_syllables + given_syllables):
            break
    pinyin_family = "".join(surname_syllables)
    wade_family = "".join(wade_giles(s) for s in surname_syllables)
    wade_given = "".join(wade_giles(s) for s in given_syllables)
    forms.append(tuple(t for t in (wade_family, wade_given) if t))
    for variant in SURNAME_VARIANTS.get(pinyin_family, ()):
        forms.append(tuple(t for t in (variant, wade_given) if t))
    unique: list[tuple[str, ...]] = []
    for form in forms:
        if form and form not in unique:
            unique.append(form)
    return tuple(unique)
