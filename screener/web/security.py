"""What keeps a web app on a recruiter's laptop safe.

- Bound to 127.0.0.1 by default; the Host header must then name localhost (a web page elsewhere
  cannot reach the app through a DNS name that points at 127.0.0.1).
- Bound beyond localhost (`--host`), every request needs the token printed at start-up, like
  Jupyter's: `?token=` once (it becomes an HttpOnly cookie), or `Authorization: Bearer`.
- Every POST carries the app's CSRF token (a secret of this server process, written into its own
  pages, which another site cannot read), and a request whose Origin is another site is refused.
- Every answer forbids framing, sniffing and any script or style but the app's own files.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

TOKEN_COOKIE = "screener_token"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
                                "form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: under it a browser sends `Origin: null` with the app's own forms.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@dataclass(frozen=True)
class Access:
    """Who may use the app: `token` None on localhost; `hosts` the Host names accepted (None: any)."""

    token: str | None
    hosts: frozenset[str] | None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @classmethod
    def for_host(cls, host: str, token: str | None = None) -> Access:
        if host in LOOPBACK:
            return cls(None, LOOPBACK)
        return cls(token or secrets.token_urlsafe(24), None)


def _host_name(header: str) -> str:
    return urlsplit("//" + header).hostname or "" if header else ""


class Guard(BaseHTTPMiddleware):
    def __init__(self, app: object, access: Access) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.access = access

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        refused = self._refused(request)
        if refused is not None:
            return _secured(refused)
        token = request.query_params.get("token")
        if self.access.token and token is not None:
            # The token from the start-up link becomes a cookie; the address bar loses it.
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            target = request.url.path + (f"?{rest}" if rest else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return _secured(response)
        request.state.csrf = self.access.csrf
        return _secured(await call_next(request))

    def _refused(self, request: Request) -> Response | None:
        a = self.access
        if a.hosts is not None and _host_name(request.headers.get("host", "")) not in a.hosts:
            return PlainTextResponse("This app answers only on localhost.", status_code=400)
        if a.token and not _has_token(request, a.token):
            return PlainTextResponse("This screener needs its token: open the link it printed at start-up.",
                                     status_code=401)
        origin = request.headers.get("origin")
        if request.method in UNSAFE and origin and urlsplit(origin).netloc != request.headers.get("host", ""):
            return PlainTextResponse("A request from another site was refused.", status_code=403)
        return None


def _has_token(request: Request, token: str) -> bool:
    given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = given or auth[7:].strip()
    return bool(given) and secrets.compare_digest(given.encode(), token.encode())


def _secured(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def check_csrf(request: Request, form: FormData | None = None) -> None:
    """Refuse (403) a POST whose CSRF token (form field or header) is missing or not the app's."""
    expected = str(getattr(request.state, "csrf", ""))
    given = request.headers.get(CSRF_HEADER, "")
    if not given and form is not None:
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else ""
    if not expected or not given or not secrets.compare_digest(expected.encode(), given.encode()):
        raise HTTPException(403, "The form has expired or did not come from this app; reload the page and try again.")
