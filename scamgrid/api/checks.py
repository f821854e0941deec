"""Message checks: a batch route for operators and platforms, and the public one.

The batch route writes the fake job ads it finds as `job_lure` reports of the caller's agency
(scamgrid.cases.lures); the public route never writes anything."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, viewer
from scamgrid.api.ratelimit import public_limit
from scamgrid.cases import checks, lures
from scamgrid.sharing import audit
from scamgrid.store.visibility import PUBLIC, Viewer

router = APIRouter(prefix="/api/v1", tags=["checks"])
Lang = Field(default=None, pattern="^[a-z]{2}$", description="Language; detected if omitted.")
Country = Field(default=None, pattern="^[A-Za-z]{2}$", description="Hint for phone numbers.")


class Message(BaseModel):
    id: str | None = Field(default=None, max_length=200)
    text: str = Field(min_length=1, max_length=10_000)


class CheckBatch(BaseModel):
    messages: list[Message] = Field(min_length=1, max_length=checks.MAX_MESSAGES)
    lang: str | None = Lang
    country: str | None = Country


@router.post("/check", summary="Check up to 1,000 messages for scams and fake job offers")
def check_batch(
    body: CheckBatch,
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> dict[str, Any]:
    texts = [m.text for m in body.messages]
    verdicts = checks.check_messages(
        session, who, texts, body.lang, body.country.upper() if body.country else None
    )
    flagged = sum(v.label.value != "legitimate" for v in verdicts)
    audit.record(
        session, by, "check.messages", "messages", "", count=len(verdicts), flagged=flagged
    )
    lure_reports = lures.record_lures(session, who, by, texts, verdicts)
    return {
        "count": len(verdicts),
        "flagged": flagged,
        "lure_reports": lure_reports,
        "results": [
            {"id": m.id, **v.to_dict()} for m, v in zip(body.messages, verdicts, strict=True)
        ],
    }


class PublicText(BaseModel):
    text: str = Field(min_length=1, max_length=5_000)
    lang: str | None = Lang
    country: str | None = Country


@router.post(
    "/public/check",
    dependencies=[Depends(public_limit)],
    summary="Is this message a scam? (public)",
)
def check_public(
    body: PublicText, session: Annotated[Session, Depends(db_session, scope="function")]
) -> dict[str, Any]:
    verdict = checks.check_messages(
        session, PUBLIC, [body.text], body.lang, body.country.upper() if body.country else None
    )[0]
    return verdict.to_dict()
