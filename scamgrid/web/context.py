"""What every page needs: the signed-in analyst, the language, rendering and HTML errors.

Pages follow the API's policy table (scamgrid.api.policy): a page that shows what an API route
returns is allowed to the same roles, so a partner cannot move a rescue request from a page
any more than through the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from scamgrid.api.policy import allowed
from scamgrid.errors import Forbidden, ScamgridError
from scamgrid.model.vocabulary import Role
from scamgrid.sharing import audit
from scamgrid.store.tables import Agency, User
from scamgrid.store.visibility import Viewer, viewer_for_agency
from scamgrid.web import i18n, sessions

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["LANGUAGES"] = i18n.LANGUAGES


@dataclass(frozen=True)
class Analyst:
    """The signed-in user of a workspace page, as the store's queries see them."""

    user: User
    agency: str
    role: Role
    viewer: Viewer
    actor: audit.Actor
    csrf: str

    def may(self, method: str, api_path: str) -> bool:
        return allowed(method, api_path, self.role)

    def require(self, method: str, api_path: str) -> None:
        if not self.may(method, api_path):
            raise Forbidden(f"role {self.role.value} may not {method} {api_path}")


def analyst(request: Request, session: Session) -> Analyst | None:
    """The user behind a valid session cookie, else None (the page redirects to /login)."""
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    user_id = sessions.read(cookie)
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or cookie is None:
        return None
    agency = session.get_one(Agency, user.agency_id).code
    return Analyst(
        user=user,
        agency=agency,
        role=Role(user.role),
        viewer=viewer_for_agency(session, agency),
        actor=audit.Actor(user.email, agency),
        csrf=sessions.csrf_token(cookie),
    )


def language(request: Request) -> str:
    return i18n.negotiate(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    who: Analyst | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    full = {
        **context,
        "who": who,
        "lang": lang,
        "html_lang": i18n.HTML_LANG[lang],
        "_": i18n.translator(lang),
        "label": i18n.labeller(lang),
        "here": here,
    }
    response = templates.TemplateResponse(request, template, full, status_code=status_code)
    response.headers["Content-Language"] = i18n.HTML_LANG[lang]
    return response


def to_login() -> Response:
    return RedirectResponse("/login", status_code=303)


def signed_in(request: Request, session: Session, method: str, path: str) -> Analyst | Response:
    """The signed-in analyst, if the API's policy lets their role do `method path` (pages follow
    the API's role table); else what to answer instead: the way to /login, or the refusal."""
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require(method, path)
    except ScamgridError as error:
        return error_page(request, error, who)
    return who


def error_page(request: Request, error: ScamgridError, who: Analyst | None = None) -> Response:
    """A store error as an HTML page with the same status the API would answer."""
    context = {"title": error.title, "detail": error.message, "status": error.http_status}
    return render(request, "error.html", context, who, status_code=error.http_status)


def forged(request: Request, who: Analyst | None = None) -> Response:
    return error_page(request, Forbidden("the form expired or was forged (CSRF check failed)"), who)


def is_local(path: str) -> bool:
    """A redirect target on this site only (no scheme, no host, no `//`)."""
    return path.startswith("/") and not path.startswith("//") and "\\" not in path
