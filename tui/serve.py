"""``followup-tui serve``: the same board in a web browser, through textual-serve.

Each browser tab runs its own ``followup-tui --db BOARD`` under Textual's web driver, so the
board file, its lock and the merge rules are the terminal app's: the first tab gets the
board, a second tab (like a second terminal) the read-only board.

Every page and the websocket behind it need the token that the printed URL carries (the
first page sets it as a same-site cookie, which the websocket then sends). It is required
on every address: on 127.0.0.1 it keeps out the other users of the machine, and with
``--host`` anybody on the network who finds the port. Only the static files (the terminal's
scripts and fonts) are served without it.

textual-serve is an optional extra (``pip install 'followup-tui[web]'``), imported only
by this command.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import paths
from tui.cli.base import EXIT_OK, CommandError, UsageError, refuse_demo

if TYPE_CHECKING:
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_COOKIE = "followup_tui_token"
REFUSED = "followup-tui: this board needs the token in the URL that 'followup-tui serve' printed.\n"
INSTALL_HINT = "serve needs the web extra: pip install 'followup-tui[web]'"


def add_serve_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """``followup-tui serve``: wired into the main parser by ``tui.cli``."""
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="open the board in a web browser",
        description="Serve the board to a web browser (needs pip install 'followup-tui[web]'). "
        "It prints the URL to open; the URL carries a token, and a request without it is "
        "refused. Each browser tab is one followup-tui: a second tab gets the read-only "
        "board, as a second terminal does.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default: {DEFAULT_HOST}, this machine only); "
        "0.0.0.0 is every address of this machine",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--token",
        help="the token the URL must carry (default: a new random one each time); "
        "also $FOLLOWUP_TUI_TOKEN",
    )
    serve.set_defaults(handler=_run_serve)


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    import ipaddress  # this module is imported by every command (for its parser): kept light

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def board_url(host: str, port: int, token: str) -> str:
    """The URL to open: an address a browser can use for ``host``, with the token."""
    if host in ("", "0.0.0.0", "::"):
        import socket

        host = socket.gethostname()
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/?token={token}"


def _token(args: argparse.Namespace) -> str:
    import os
    import secrets

    token = args.token or os.environ.get("FOLLOWUP_TUI_TOKEN", "")
    if not token:
        return secrets.token_urlsafe(24)
    if len(token) < 16 or not token.isascii() or not token.isprintable() or " " in token:
        raise UsageError("--token: use at least 16 printable ASCII characters, no spaces")
    return token


def _run_serve(args: argparse.Namespace) -> int:
    refuse_demo(args)
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: expected 1 to 65535")
    token = _token(args)
    try:
        server = make_server(paths.data_file(args.db), args.host, args.port, token)
    except ImportError as error:
        raise CommandError(INSTALL_HINT) from error
    try:
        server.serve()
    except OSError as error:
        raise CommandError(
            f"could not listen on {args.host}:{args.port}: {error.strerror or error}"
        ) from error
    return EXIT_OK


def app_command(board: Path) -> str:
    """The shell command each browser tab runs: this followup-tui on this board."""
    # exec: the shell textual-serve starts gives way to followup-tui, which so gets the
    # signals and the end of its input itself.
    return "exec " + shlex.join([sys.executable, "-m", "tui", "--db", str(board)])


def make_server(board: Path, host: str, port: int, token: str) -> Any:
    """A textual-serve Server for the board that refuses requests without the token."""
    import weakref

    import aiohttp_jinja2
    from aiohttp import WSCloseCode, web
    from textual_serve.server import Server

    sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()

    async def track(request: web.Request, response: web.StreamResponse) -> None:
        if isinstance(response, web.WebSocketResponse):
            sockets.add(response)

    class BoardServer(Server):
        def initialize_logging(self) -> None:
            # textual-serve logs every connection in colour; a user wants the URL only.
            import logging

            logging.basicConfig(level=logging.WARNING)
            # A tab's followup-tui may finish exiting after the server's loop has closed.
            logging.getLogger("asyncio").setLevel(logging.ERROR)

        async def _make_app(self) -> web.Application:
            application: web.Application = await super()._make_app()
            application.middlewares.append(_require_token(token))
            application.on_response_prepare.append(track)
            return application

        async def on_shutdown(self, app: web.Application) -> None:
            # Close every tab's connection first, which ends its followup-tui (and so frees
            # the board's lock) at once; otherwise stopping waits ~20 s for each.
            for websocket in list(sockets):
                with contextlib.suppress(Exception):
                    await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"stopped")

        async def on_startup(self, app: web.Application) -> None:
            url = board_url(host, port, token)
            print(f"followup-tui: the board {board} is at {url}", flush=True)
            if not is_loopback(host):
                print(
                    "followup-tui: anyone with this URL can open the board, and the connection "
                    "is not encrypted (http): use it on a network you trust.",
                    flush=True,
                )
            print("Press ctrl+c to stop.", flush=True)

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            # URLs from the address the browser used: with --host 0.0.0.0 the configured
            # one is no address a browser can open.
            origin = f"{request.scheme}://{request.host}"
            websocket = f"{'wss' if request.secure else 'ws'}://{request.host}"
            return {
                "font_size": _int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{websocket}/ws",
                "config": {"static": {"url": f"{origin}/static/"}},
                "application": {"name": f"followup-tui: {board.name}"},
            }

    return BoardServer(app_command(board), host=host, port=port, title="followup-tui")


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _require_token(token: str) -> Any:
    import hmac

    from aiohttp import web

    expected = token.encode()

    @web.middleware
    async def require_token(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/static/"):
            response: web.StreamResponse = await handler(request)
            return response
        given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE, "")
        if not hmac.compare_digest(given.encode(), expected):
            return web.Response(status=403, text=REFUSED)
        if request.path == "/ws" and not _same_origin(request):
            # A page from another site cannot drive the board through the cookie.
            return web.Response(status=403, text=REFUSED)
        response = await handler(request)
        if request.path == "/" and "token" in request.query:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return require_token


def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser: the token was checked
    return origin.split("://", 1)[-1] == request.host
