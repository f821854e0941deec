from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scamgrid.detect.text.check import Detector
from scamgrid.detect.text.citations import Citation, IdentifierLike
from scamgrid.detect.text.classifier import TextModel
from scamgrid.detect.text.evidence import phrases
from scamgrid.model.vocabulary import TextFraudType, TextLabel

TEXTS = [
    "URGENT! You have WON a £1000 cash prize! To claim call 09061701461 now. T&C apply",
    "您好，我是公安局民警，您的银行卡涉嫌洗钱，请立即将资金转入安全账户配合调查。",
    "สมัครวันนี้ รับเครดิตฟรี 100 บาท บาคาร่า สล็อต คาสิโนออนไลน์ ฝากถอนไม่มีขั้นต่ำ",
    "ကမ္ဘောဒီးယားတွင် ဖောက်သည်ဝန်ဆောင်မှု အလုပ် လစာ ဒေါ်လာ ၂၀၀၀၊ လေယာဉ်လက်မှတ် အခမဲ့။",
]


@dataclass(frozen=True)
class FakeIdentifier:
    type: str
    value: str
    raw: str
    country: str | None = None


def fake_extract(text: str, country: str | None) -> list[IdentifierLike]:
    """Stands in for scamgrid.identifiers.extract: finds the one number the tests use."""
    raw = "081 234 5678"
    return [FakeIdentifier("phone", "+66812345678", raw, country)] if raw in text else []


def test_evidence_phrases_are_slices_of_the_message(model: TextModel) -> None:
    for text in TEXTS:
        found = phrases(text, model.hasher, model.flag_weights, "en")
        assert found
        for item in found:
            assert text[item.start : item.end] == item.phrase
            assert item.phrase in text and item.weight > 0


def test_a_flagged_message_carries_evidence_and_advice_in_its_language(model: TextModel) -> None:
    verdict = Detector(model, extract=fake_extract).check(TEXTS[1])
    assert verdict.label is TextLabel.SCAM
    assert verdict.fraud_type is TextFraudType.IMPERSONATION
    assert verdict.advice_language == "zh" and "96110" in verdict.advice
    assert all(e.phrase in TEXTS[1] for e in verdict.evidence)


def test_advice_follows_the_requested_language(model: TextModel) -> None:
    verdict = Detector(model, extract=fake_extract).check(TEXTS[2], lang="th")
    assert "1441" in verdict.advice
    english = Detector(model, extract=fake_extract).check(TEXTS[2], lang="km")
    assert english.advice_language == "en"


def test_a_reported_number_raises_the_score_and_is_explained(model: TextModel) -> None:
    text = "See you at the station at 5. My new number is 081 234 5678."
    reported = Citation(
        "+66812345678", "phone", 14, ("impersonation",), date(2025, 1, 3), date(2025, 3, 1)
    )

    def cite(identifier: IdentifierLike) -> Citation | None:
        return reported if identifier.value == reported.value else None

    detector = Detector(model, extract=fake_extract)
    plain = detector.check(text)
    cited = detector.check(text, cite=cite)
    assert plain.label is TextLabel.LEGITIMATE
    assert plain.indicators[0].citation is None
    assert cited.score > plain.score
    assert cited.label is TextLabel.SCAM
    assert cited.fraud_type is TextFraudType.IMPERSONATION
    explanation = cited.indicators[0].explanation
    assert explanation == "this phone was reported 14 times as impersonation since 2025-01"


def test_without_extraction_nothing_is_cited(model: TextModel) -> None:
    verdict = Detector(model, extract=lambda text, country: []).check(TEXTS[0])
    assert verdict.indicators == []
    assert verdict.score == verdict.model_score
