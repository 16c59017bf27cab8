"""Running the explorer: a :class:`ServePlan` says where it listens and what to warn
about; :func:`run_server` serves it with uvicorn until interrupted.

Example:
    >>> plan = plan_serve("127.0.0.1", 8000)
    >>> plan.url, plan.warnings
    ('http://127.0.0.1:8000/', [])
    >>> plan_serve("0.0.0.0", 8000).warnings[0][:40]
    'Warning: listening on 0.0.0.0, not only '
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.explorer.app import ExplorerConfig, create_app
from graphkit.explorer.safety import is_loopback


@dataclass(frozen=True)
class ServePlan:
    """Where the explorer listens, its address for a browser, and warnings to print."""

    config: ExplorerConfig
    url: str
    warnings: list[str] = field(default_factory=list)


def plan_serve(
    host: str, port: int, time_limit: float | None = None, secrets: tuple[str, ...] = ()
) -> ServePlan:
    """The plan for ``graphkit serve --host HOST --port PORT``: any address but this
    machine's own (127.0.0.1, localhost, ::1) is served, with a warning, since anyone who
    can reach it can read the graph."""
    if not 0 < port < 65536:
        raise GraphkitError(f"port {port} is out of range; use 1 to 65535", "port")
    warnings = []
    if not is_loopback(host):
        warnings.append(
            f"Warning: listening on {host}, not only on this machine: anyone who can reach "
            f"port {port} there can read the graph. Use --host 127.0.0.1 to keep it local."
        )
    config = ExplorerConfig(host=host, port=port, secrets=secrets)
    if time_limit is not None:
        if not time_limit > 0:
            raise GraphkitError("time_limit must be more than 0 seconds", "time_limit")
        config = ExplorerConfig(host, port, time_limit, secrets)
    shown = f"[{host}]" if ":" in host else host
    return ServePlan(config, f"http://{shown}:{port}/", warnings)


def run_server(graph: Any, plan: ServePlan, on_start: Any = None) -> None:
    """Serve the explorer over ``graph`` until interrupted (Ctrl-C). ``on_start`` is
    called once the socket listens (``graphkit serve --open`` opens the browser there)."""
    import uvicorn

    app = create_app(graph, plan.config)
    config = uvicorn.Config(
        app,
        host=plan.config.host,
        port=plan.config.port,
        log_level="warning",
        server_header=False,
        date_header=False,
        proxy_headers=False,
        access_log=False,
    )
    server = uvicorn.Server(config)
    if on_start is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                on_start()

        server.startup = startup  # type: ignore[method-assign]
    server.run()
