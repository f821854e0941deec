"""Synthetic people for the demo's casework: names in their own script and as on a passport.

Each person has a native-script name (Chinese characters, Thai, Burmese, Vietnamese with
diacritics; Lao and Cambodian nationals as romanised on their passports), the passport spelling,
a date of birth and a passport number. Watch lists list some of them in another form than the
passport's: only in Chinese characters, only in Thai script, with Burmese honorifics, without
Vietnamese diacritics. Deterministic for a seed; these tables are data, not a matcher.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

CN_SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"),
]  # fmt: skip
CN_GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀", "xiu"), ("英", "ying"), ("敏", "min"),
    ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
    ("华", "hua"), ("平", "ping"), ("刚", "gang"), ("建", "jian"), ("国", "guo"), ("文", "wen"),
    ("辉", "hui"), ("玲", "ling"), ("鹏", "peng"), ("志", "zhi"), ("宇", "yu"), ("海", "hai"),
]  # fmt: skip
TH_GIVEN = [
    ("สมชาย", "Somchai"), ("สมศรี", "Somsri"), ("วิชัย", "Wichai"), ("มาลี", "Malee"),
    ("ประเสริฐ", "Prasert"), ("สุนทร", "Sunthon"), ("นภา", "Napha"), ("อรุณ", "Arun"),
    ("ธนา", "Thana"), ("กิตติ", "Kitti"), ("สุรชัย", "Surachai"), ("ปรีชา", "Preecha"),
    ("วันชัย", "Wanchai"), ("จันทร์", "Chan"), ("สมพร", "Somporn"), ("บุญชัย", "Boonchai"),
]  # fmt: skip
TH_SURNAMES = [
    ("ใจดี", "Jaidee"), ("สุขสวัสดิ์", "Suksawat"), ("ศรีสุข", "Srisuk"), ("บุญมา", "Boonma"),
    ("แก้วมณี", "Kaewmanee"), ("ทองคำ", "Thongkham"), ("พรหมมา", "Phromma"),
    ("วงศ์สวัสดิ์", "Wongsawat"), ("สายทอง", "Saithong"), ("มีสุข", "Meesuk"),
    ("ศรีวงศ์", "Sriwong"), ("คำแก้ว", "Khamkaeo"),
]  # fmt: skip
MM_SYLLABLES = [
    ("အောင်", "Aung"), ("ကျော်", "Kyaw"), ("ဇော်", "Zaw"), ("ထက်", "Htet"), ("နိုင်", "Naing"),
    ("ဝင်း", "Win"), ("စိုး", "Soe"), ("မြင့်", "Myint"), ("မင်း", "Min"), ("မိုး", "Moe"),
    ("ထွန်း", "Tun"), ("လွင်", "Lwin"), ("သန့်", "Thant"), ("ဖြိုး", "Phyo"), ("နွယ်", "Nwe"),
]  # fmt: skip
MM_HONORIFICS = {"M": ("U", "ဦး", "Ko", "ကို", "Maung"), "F": ("Daw", "ဒေါ်", "Ma", "မ")}
VN_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"]
VN_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu"]
VN_GIVEN = ["An", "Hoa", "Tuấn", "Lan", "Bảo", "Trang", "Dũng", "Hùng", "Hương", "Phúc", "Quân"]
LA_NAMES = (
    ["Bounmy", "Khamla", "Noy", "Somsak", "Phouthone", "Vilay", "Souk", "Khampheng"],
    ["Phommachanh", "Sisavath", "Vongsa", "Keomany", "Inthavong", "Sayavong", "Chanthala"],
)
KH_NAMES = (
    ["Sok", "Chan", "Kim", "Heng", "Chea", "Lim", "Meas", "Pich", "Seng", "Touch"],
    ["Dara", "Sophea", "Vannak", "Srey Mom", "Rithy", "Bopha", "Sokha", "Visal"],
)
NATIONALITIES = {"CN": 45, "VN": 12, "TH": 8, "MM": 10, "LA": 6, "KH": 6, "ID": 5, "PH": 4, "IN": 4}


@dataclass(frozen=True)
class SyntheticPerson:
    key: str
    native: str  # the name in its own script ("" when only a romanisation exists)
    passport_name: str  # upper-case Latin, as machine-readable passports spell it
    variants: tuple[str, ...]  # other ways a list may write it (another script, honorifics...)
    nationality: str
    dob: date
    sex: str
    passport: str


def _cn(rng: random.Random) -> tuple[str, str, list[str]]:
    surname, surname_latin = rng.choice(CN_SURNAMES)
    given = rng.sample(CN_GIVEN, rng.choice((1, 2, 2)))
    native = surname + "".join(g for g, _ in given)
    latin_given = "".join(p for _, p in given)
    passport = f"{surname_latin} {latin_given}".upper()
    return native, passport, [native, f"{surname_latin}{latin_given.capitalize()}"]


def _th(rng: random.Random) -> tuple[str, str, list[str]]:
    given, given_latin = rng.choice(TH_GIVEN)
    surname, surname_latin = rng.choice(TH_SURNAMES)
    native = f"{given} {surname}"
    return native, f"{given_latin} {surname_latin}".upper(), [native]


def _mm(rng: random.Random, sex: str) -> tuple[str, str, list[str]]:
    parts = rng.sample(MM_SYLLABLES, rng.choice((2, 2, 3)))
    native = "".join(p for p, _ in parts)
    latin = " ".join(r for _, r in parts)
    honorifics = MM_HONORIFICS[sex]
    titled = f"{rng.choice(honorifics[::2])} {latin}"
    native_titled = f"{honorifics[1]}{native}"
    return native, latin.upper(), [titled, native_titled]


def _vn(rng: random.Random) -> tuple[str, str, list[str]]:
    import unicodedata

    native = f"{rng.choice(VN_SURNAMES)} {rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"
    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", native.replace("Đ", "D").replace("đ", "d"))
        if not unicodedata.combining(c)
    )
    return native, plain.upper(), [native]


def _latin(rng: random.Random, tables: tuple[list[str], list[str]]) -> tuple[str, str, list[str]]:
    name = f"{rng.choice(tables[0])} {rng.choice(tables[1])}"
    return "", name.upper(), [name]


def person(rng: random.Random, key: str, nationality: str | None = None) -> SyntheticPerson:
    country = nationality or rng.choices(list(NATIONALITIES), list(NATIONALITIES.values()))[0]
    sex = rng.choice("MF")
    if country == "CN":
        native, passport_name, variants = _cn(rng)
    elif country == "TH":
        native, passport_name, variants = _th(rng)
    elif country == "MM":
        native, passport_name, variants = _mm(rng, sex)
    elif country == "VN":
        native, passport_name, variants = _vn(rng)
    elif country == "LA":
        native, passport_name, variants = _latin(rng, LA_NAMES)
    else:
        native, passport_name, variants = _latin(rng, KH_NAMES)
        if country != "KH":  # Indonesian, Filipino, Indian nationals: Latin names
            passport_name = f"{rng.choice(KH_NAMES[1])} {rng.choice(LA_NAMES[1])}".upper()
            variants = [passport_name.title()]
    born = date(1975, 1, 1) + timedelta(days=rng.randrange(365 * 30))
    letters = "E" if country == "CN" else rng.choice(string.ascii_uppercase)
    number = letters + "".join(rng.choice(string.digits) for _ in range(8))
    return SyntheticPerson(key, native, passport_name, tuple(variants), country, born, sex, number)


def listed_names(rng: random.Random, someone: SyntheticPerson) -> list[str]:
    """How a watch list writes a person: often only in another form than the passport's."""
    if someone.nationality in ("CN", "TH", "MM", "VN") and rng.random() < 0.6:
        return [rng.choice(someone.variants)]
    return [someone.passport_name.title(), *someone.variants[:1]]


def other_script(names: list[str]) -> bool:
    """True when no name is in Latin letters: a match has to cross scripts."""
    return not any(n.isascii() for n in names)


# Lao and Khmer script of the romanised names above, for the name-matching evaluation only
# (batches and lists keep their romanised Lao and Cambodian names: the demo world is unchanged).
LA_SCRIPT = {
    "Bounmy": "ບຸນມີ", "Khamla": "ຄຳລາ", "Noy": "ນ້ອຍ", "Somsak": "ສົມສັກ",
    "Phouthone": "ພູທອນ", "Vilay": "ວິໄລ", "Souk": "ສຸກ", "Khampheng": "ຄຳເພັງ",
    "Phommachanh": "ພົມມະຈັນ", "Sisavath": "ສີສະຫວາດ", "Vongsa": "ວົງສາ", "Keomany": "ແກ້ວມະນີ",
    "Inthavong": "ອິນທະວົງ", "Sayavong": "ໄຊຍະວົງ", "Chanthala": "ຈັນທະລາ",
}  # fmt: skip
KH_SCRIPT = {
    "Sok": "សុខ", "Chan": "ចាន់", "Kim": "គីម", "Heng": "ហេង", "Chea": "ជា", "Lim": "លីម",
    "Meas": "មាស", "Pich": "ពេជ្រ", "Seng": "សេង", "Touch": "ទូច", "Dara": "ដារ៉ា",
    "Sophea": "សុភា", "Vannak": "វណ្ណៈ", "Srey Mom": "ស្រីមុំ", "Rithy": "ឫទ្ធី",
    "Bopha": "បុប្ផា", "Sokha": "សុខា", "Visal": "វិសាល",
}  # fmt: skip
NAME_PAIR_LABELS = (
    "han -> latin",
    "thai -> latin",
    "burmese -> latin",
    "latin (Burmese honorific) -> latin",
    "latin (Vietnamese diacritics) -> latin",
    "lao -> latin",
    "khmer -> latin",
)


def _script_name(
    tables: tuple[list[str], list[str]], script: dict[str, str], rng: random.Random
) -> tuple[str, str]:
    given, family = rng.choice(tables[0]), rng.choice(tables[1])
    return f"{script[given]} {script[family]}", f"{given} {family}".upper()


def name_pairs(seed: int = 7, per_label: int = 200) -> list[tuple[str, str, str]]:
    """Synthetic (list form, passport name, script pair) triples, `per_label` of each label:
    the same people and spellings the demo's batches and watch lists are made of."""
    rng = random.Random(seed * 104729 + 3)
    found: list[tuple[str, str, str]] = []
    for _ in range(per_label):
        cn = person(rng, "cn", "CN")
        found.append((cn.native, cn.passport_name, NAME_PAIR_LABELS[0]))
        th = person(rng, "th", "TH")
        found.append((th.native, th.passport_name, NAME_PAIR_LABELS[1]))
        mm = person(rng, "mm", "MM")
        found.append((mm.variants[1], mm.passport_name, NAME_PAIR_LABELS[2]))
        found.append((mm.variants[0], mm.passport_name, NAME_PAIR_LABELS[3]))
        vn = person(rng, "vn", "VN")
        found.append((vn.native, vn.passport_name, NAME_PAIR_LABELS[4]))
        lao, lao_passport = _script_name(LA_NAMES, LA_SCRIPT, rng)
        found.append((lao, lao_passport, NAME_PAIR_LABELS[5]))
        khmer, khmer_passport = _script_name(KH_NAMES, KH_SCRIPT, rng)
        found.append((khmer, khmer_passport, NAME_PAIR_LABELS[6]))
    return found
