"""The fine categories the model learns, and what each means as a verdict.

The public sets label messages at different grains (UCI: ham/spam; Chinese: normal + four
fraud kinds; Thai: OK/OTP/spam/scam). The model learns the union of their categories, so each
set can be scored on its own scheme, and every category maps to one verdict and fraud type.
"""

from __future__ import annotations

from scamgrid.model.vocabulary import TextFraudType, TextLabel

LEGITIMATE = "legitimate"
OTP = "otp"

# category -> (verdict, fraud type or None where the data does not say)
CATEGORIES: dict[str, tuple[TextLabel, TextFraudType | None]] = {
    LEGITIMATE: (TextLabel.LEGITIMATE, None),
    OTP: (TextLabel.LEGITIMATE, None),  # one-time passwords: legitimate, but their own shape
    "spam": (TextLabel.SPAM, None),
    "scam": (TextLabel.SCAM, None),  # fraud of a kind the data set does not name
    "phishing": (TextLabel.SCAM, TextFraudType.PHISHING),
    "impersonation_authority": (TextLabel.SCAM, TextFraudType.IMPERSONATION),
    "impersonation_service": (TextLabel.SCAM, TextFraudType.IMPERSONATION),
    "impersonation_acquaintance": (TextLabel.SCAM, TextFraudType.IMPERSONATION),
    "loan": (TextLabel.SCAM, TextFraudType.LOAN),
    "fake_job": (TextLabel.FAKE_JOB, TextFraudType.FAKE_JOB),
}


def verdict(category: str) -> TextLabel:
    return CATEGORIES[category][0]


def fraud_type(category: str) -> TextFraudType | None:
    return CATEGORIES[category][1]


def is_flagged(category: str) -> bool:
    """Unwanted: spam, scam or a job lure."""
    return verdict(category) is not TextLabel.LEGITIMATE


def is_fraud(category: str) -> bool:
    return verdict(category) in (TextLabel.SCAM, TextLabel.FAKE_JOB)
