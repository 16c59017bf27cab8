"""What keeps the explorer safe, in one place: the response headers, the Host guard
against DNS rebinding, read-only methods, and error messages that say nothing about the
server.

Example:
    >>> sorted(allowed_hosts("127.0.0.1", 8765))
    ['127.0.0.1:8765', '[::1]:8765', 'localhost:8765']
    >>> allowed_hosts("0.0.0.0", 8765) is None
    True
    >>> redact("bolt://db:7687 refused secret", ["secret", "bolt://db:7687"])
    '[hidden] refused [hidden]'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphkit.errors import GraphkitError, Neo4jError, Neo4jServerError

#: The loopback names a browser on this machine sends in ``Host``.
LOOPBACK = ("127.0.0.1", "localhost", "::1")

#: The explorer's own pages: its stylesheet and script (served by it), its frames (the
#: views) and its forms; nothing else, and no page may frame them.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: Headers on every response.
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}

READ_METHODS = ("GET", "HEAD")


def view_policy() -> str:
    """The views' own policy (:func:`graphkit.viz.page.view_policy`), which may be framed
    anywhere: embedding them is what the "copy embed" snippet is for."""
    from graphkit.viz.page import view_policy as policy

    return policy() + "; frame-ancestors *"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only.

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
        (True, True, False)
    """
    return host.strip("[]") in LOOPBACK or host.startswith("127.")


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The ``Host`` headers accepted when the server listens on ``host``: the loopback
    names with the port when it is a loopback address (a web page elsewhere that makes a
    browser send its own name, DNS rebinding, is refused); None (any) for another
    address, which the user chose explicitly."""
    if not is_loopback(host):
        return None
    return frozenset(
        {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        | ({f"{host}:{port}"} if host.startswith("127.") else set())
    )


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (a password, a URI) replaced by ``[hidden]``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[hidden]")
    return text


#: The library's argument names as the explorer's URL spells them.
URL_NAMES = {"from_date": "from", "to_date": "to", "ref": "id"}


def public_message(exc: BaseException, secrets: Iterable[str]) -> str:
    """What a page may say about an error: a graphkit error's own message (argument
    names as the URL has them); for a backend that does not answer, or anything else,
    a sentence with no detail (the detail goes to the server's log)."""
    if isinstance(exc, Neo4jError | Neo4jServerError):
        return (
            "the graph's database is not answering or holds no complete load; "
            "ask whoever started this explorer to check it"
        )
    if not isinstance(exc, GraphkitError):
        return "the explorer could not answer this question; the server's log says why"
    text = str(exc)
    name = URL_NAMES.get(exc.argument or "")
    if name and exc.argument and text.startswith(exc.argument):
        text = name + text[len(exc.argument) :]
    return redact(text, secrets)


def header_list(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    """Headers as ASGI wants them."""
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class Guard:
    """ASGI middleware: refuses a foreign ``Host`` (400) and methods other
    than GET and HEAD (405), and adds :data:`COMMON_HEADERS` and a policy to every
    response (the view policy under ``/view/``, :data:`PAGE_POLICY` elsewhere)."""

    def __init__(self, app: Any, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = view_policy() if scope["path"].startswith("/view/") else PAGE_POLICY
        extra = header_list({**COMMON_HEADERS, "content-security-policy": policy})

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra}
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
        if self.hosts is not None and host not in self.hosts:
            await _refuse(
                send_with_headers,
                400,
                "This explorer answers only at its own "
                "address (127.0.0.1 or localhost with its port).",
            )
            return
        if scope["method"] not in READ_METHODS:
            await _refuse(
                send_with_headers,
                405,
                "The explorer is read-only: use GET.",
                {"allow": "GET, HEAD"},
            )
            return
        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Any, status: int, text: str, headers: dict[str, str] | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    start = {"content-type": "text/plain; charset=utf-8", "content-length": str(len(body))}
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": header_list({**start, **(headers or {})}),
        }
    )
    await send({"type": "http.response.body", "body": body})
