"""Checking messages: the model's reading, the evidence, cited indicators and advice, together.

    detector = Detector(TextModel.load(path))
    verdict = detector.check("Your parcel is held, pay the fee at hxxp://...", cite=store_lookup)

`cite` and `extract` are optional: without a store nothing is cited, and without
`scamgrid.identifiers` no identifiers are looked for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from scamgrid.detect.text import advice, categories, evidence, language
from scamgrid.detect.text.citations import (
    Citation,
    Cite,
    Extract,
    default_extract,
    raised_score,
)
from scamgrid.detect.text.classifier import TextModel
from scamgrid.model.vocabulary import TextFraudType, TextLabel


@dataclass(frozen=True)
class CitedIndicator:
    type: str
    value: str
    raw: str
    citation: Citation | None
    explanation: str | None


@dataclass(frozen=True)
class Verdict:
    label: TextLabel
    score: float  # 0..1, after citations
    model_score: float  # the text model's score alone
    fraud_type: TextFraudType | None
    category: str
    language: str
    evidence: list[evidence.Evidence]
    indicators: list[CitedIndicator] = field(default_factory=list)
    advice: str = ""
    advice_language: str = "en"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class Detector:
    def __init__(self, model: TextModel, extract: Extract | None = None) -> None:
        self.model = model
        self.extract = extract if extract is not None else default_extract()

    def check(
        self,
        text: str,
        *,
        lang: str | None = None,
        country: str | None = None,
        cite: Cite | None = None,
    ) -> Verdict:
        return self.check_many([text], lang=lang, country=country, cite=cite)[0]

    def check_many(
        self,
        texts: list[str],
        *,
        lang: str | None = None,
        country: str | None = None,
        cite: Cite | None = None,
    ) -> list[Verdict]:
        languages = [lang or language.detect(t) for t in texts]
        reading = self.model.predict(texts, languages)
        verdicts = []
        for row, text in enumerate(texts):
            verdicts.append(
                self._verdict(
                    text,
                    languages[row],
                    float(reading.score[row]),
                    reading.category[row],
                    country,
                    cite,
                )
            )
        return verdicts

    def _verdict(
        self,
        text: str,
        code: str,
        model_score: float,
        category: str,
        country: str | None,
        cite: Cite | None,
    ) -> Verdict:
        indicators = self._indicators(text, country, cite)
        cited = [i.citation for i in indicators if i.citation is not None]
        score = raised_score(model_score, cited)
        label = categories.verdict(category)
        fraud_type = categories.fraud_type(category)
        if cited and label is not TextLabel.FAKE_JOB:
            if label is not TextLabel.SCAM and score >= self.model.cut(code):
                label = TextLabel.SCAM
            if label is TextLabel.SCAM and fraud_type is None:
                fraud_type = _reported_type(cited)
        found = []
        if label is not TextLabel.LEGITIMATE:
            found = evidence.phrases(text, self.model.hasher, self.model.flag_weights, code)
        text_advice, advice_language = advice.advice(label, code)
        return Verdict(
            label=label,
            score=round(score, 4),
            model_score=round(model_score, 4),
            fraud_type=fraud_type if label is not TextLabel.LEGITIMATE else None,
            category=category,
            language=code,
            evidence=found,
            indicators=indicators,
            advice=text_advice,
            advice_language=advice_language,
        )

    def _indicators(
        self, text: str, country: str | None, cite: Cite | None
    ) -> list[CitedIndicator]:
        if self.extract is None:
            return []
        found = []
        for identifier in self.extract(text, country):
            citation = cite(identifier) if cite is not None else None
            found.append(
                CitedIndicator(
                    type=str(identifier.type),
                    value=identifier.value,
                    raw=identifier.raw,
                    citation=citation,
                    explanation=citation.explain() if citation else None,
                )
            )
        return found


def _reported_type(cited: list[Citation]) -> TextFraudType:
    for citation in sorted(cited, key=lambda c: -c.report_count):
        for reported in citation.fraud_types:
            if reported in TextFraudType.__members__.values():
                return TextFraudType(reported)
    return TextFraudType.OTHER
