"""The public text check: answers in the reader's language, cites only CLEAR/GREEN, names nobody."""

from __future__ import annotations

import re

from tests.api.conftest import Node
from tests.factories import report

OPEN = {"type": "phone", "value": "081 234 5678", "country": "TH"}  # reported CLEAR and GREEN
CLOSED = {"type": "phone", "value": "089 999 0000", "country": "TH"}  # reported AMBER and RED
MESSAGES = {
    "en": "Your bank account will be frozen today. Call 081 234 5678 or 089 999 0000 now.",
    "zh": "您的银行账户今天将被冻结，请立即拨打 081 234 5678 或 089 999 0000 联系客服。",
    "th": "บัญชีธนาคารของคุณจะถูกระงับวันนี้ โทร 081 234 5678 หรือ 089 999 0000 ด่วน",
    "my": "သင့်ဘဏ်အကောင့်ကို ယနေ့ ပိတ်ပါမည်။ 081 234 5678 သို့မဟုတ် 089 999 0000 ကို ချက်ချင်း ဖုန်းဆက်ပါ။",
}
SCRIPT = {
    "en": "[A-Za-z]",
    "zh": "[\u4e00-\u9fff]",
    "th": "[\u0e00-\u0e7f]",
    "my": "[\u1000-\u109f]",
}
NAMES = ("TH-CCIB", "CN-MPS", "MM-MPF", "Cyber Crime Investigation Bureau", "Public Security")


def _reports(node: Node) -> None:
    for n, (who, marking, phone) in enumerate(
        [
            ("TH-CCIB", "TLP:CLEAR", OPEN),
            ("CN-MPS", "TLP:GREEN", OPEN),
            ("TH-CCIB", "TLP:AMBER", CLOSED),
            ("CN-MPS", "TLP:RED", CLOSED),
        ]
    ):
        body = report(f"{who}-2025-{n:06d}", agency=who, marking=marking, indicators=[phone])
        with node.client(f"{who}:analyst") as client:
            assert client.post("/api/v1/reports", json=body).status_code == 201


def test_the_public_check_answers_in_english_chinese_thai_and_burmese(node: Node) -> None:
    _reports(node)
    with node.client() as public:
        for lang, text in MESSAGES.items():
            response = public.post("/api/v1/public/check", json={"text": text, "country": "TH"})
            assert response.status_code == 200, response.text
            verdict = response.json()
            assert (verdict["language"], verdict["advice_language"]) == (lang, lang)
            assert re.search(SCRIPT[lang], verdict["advice"]), verdict["advice"]
            assert any(i["citation"] for i in verdict["indicators"])  # the reported number


def test_the_public_check_cites_only_clear_and_green_reports_and_names_no_agency(
    node: Node,
) -> None:
    _reports(node)
    with node.client() as public:
        for text in MESSAGES.values():
            response = public.post("/api/v1/public/check", json={"text": text, "country": "TH"})
            cited = {i["value"]: i["citation"] for i in response.json()["indicators"]}
            assert cited["+66899990000"] is None  # AMBER and RED stay with the agencies
            assert cited["+66812345678"]["report_count"] == 2  # CLEAR + GREEN
            assert not any(name in response.text for name in NAMES)
            assert "agenc" not in response.text.lower()
