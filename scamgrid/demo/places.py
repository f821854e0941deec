"""Agencies and scam compounds of the demo world, placed where public reporting puts them.

Coordinates are approximate centroids from public reporting and satellite-imagery studies; they
are for the demo map, not for operations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    country: str
    currency: str
    languages: tuple[str, ...]


AGENCIES = (
    DemoAgency(
        "CN-MPS", "Ministry of Public Security, Criminal Investigation", "CN", "CNY", ("zh",)
    ),
    DemoAgency("MM-MPF", "Myanmar Police Force, Transnational Crime", "MM", "MMK", ("en",)),
    DemoAgency(
        "TH-CCIB", "Cyber Crime Investigation Bureau, Royal Thai Police", "TH", "THB", ("th",)
    ),
    DemoAgency("LA-MPS", "Ministry of Public Security, Lao PDR", "LA", "LAK", ("en",)),
    DemoAgency("KH-NP", "General Commissariat of National Police, Cambodia", "KH", "KHR", ("en",)),
    DemoAgency("VN-MPS", "Ministry of Public Security, Viet Nam", "VN", "VND", ("en",)),
    DemoAgency(
        "LM-LESC",
        "Lancang-Mekong Law Enforcement and Security Cooperation Centre",
        "CN",
        "CNY",
        ("zh", "en"),
    ),
)

# The joint sharing group (sees AMBER), and a narrower one for the Myawaddy task force.
SHARING_GROUPS = {
    "mekong-joint": tuple(a.code for a in AGENCIES),
    "myawaddy-task-force": ("CN-MPS", "TH-CCIB", "MM-MPF", "LM-LESC"),
}


@dataclass(frozen=True)
class Compound:
    key: str
    name: str
    aliases: tuple[str, ...]
    country: str
    area: str
    lat: float
    lon: float


COMPOUNDS = (
    Compound(
        "kk-park", "KK Park", ("KK园区", "เคเคพาร์ค"), "MM", "Myawaddy, Kayin State", 16.632, 98.481
    ),
    Compound(
        "shwe-kokko",
        "Shwe Kokko (Yatai New City)",
        ("亚太新城", "ชเวโก๊กโก่"),
        "MM",
        "Myawaddy, Kayin State",
        16.836,
        98.515,
    ),
    Compound(
        "dongmei", "Dongmei Park", ("东梅园区",), "MM", "Myawaddy, Kayin State", 16.705, 98.512
    ),
    Compound("taizhang", "Tai Zhang", ("泰昌园区",), "MM", "Myawaddy, Kayin State", 16.580, 98.560),
    Compound(
        "laukkaing",
        "Laukkaing Crouching Tiger Villa",
        ("卧虎山庄",),
        "MM",
        "Laukkaing, Kokang SAZ, Shan State",
        23.695,
        98.757,
    ),
    Compound(
        "tachileik",
        "Tachileik riverside compound",
        ("大其力园区",),
        "MM",
        "Tachileik, Shan State",
        20.446,
        99.880,
    ),
    Compound(
        "gtsez",
        "Golden Triangle SEZ (Kings Romans)",
        ("金三角经济特区", "金木棉"),
        "LA",
        "Ton Pheung, Bokeo",
        20.355,
        100.083,
    ),
    Compound(
        "sihanoukville-chinatown",
        "Chinatown compound",
        ("西港唐人街",),
        "KH",
        "Sihanoukville, Preah Sihanouk",
        10.608,
        103.532,
    ),
    Compound(
        "jinbei",
        "Jinbei casino compound",
        ("金贝",),
        "KH",
        "Sihanoukville, Preah Sihanouk",
        10.626,
        103.504,
    ),
    Compound(
        "kaibo", "Kaibo compound", ("凯博",), "KH", "Sihanoukville, Preah Sihanouk", 10.632, 103.510
    ),
    Compound("bavet", "Bavet compound", ("巴域园区",), "KH", "Bavet, Svay Rieng", 11.070, 106.134),
    Compound(
        "poipet",
        "Poipet compound",
        ("波贝园区",),
        "KH",
        "Poipet, Banteay Meanchey",
        13.657,
        102.562,
    ),
    Compound(
        "osmach",
        "O'Smach compound",
        ("奥斯马园区",),
        "KH",
        "O'Smach, Oddar Meanchey",
        14.428,
        103.693,
    ),
)
