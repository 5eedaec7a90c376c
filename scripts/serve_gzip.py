"""Serve a built site on 127.0.0.1 the way GitHub Pages does: gzip for text, short cache.

    python scripts/serve_gzip.py site --port 8000

Used by the audit (scripts/audit.py) so the transfer sizes it reports are the ones a reader
pays on the real host. Static files only; a missing path gets the site's 404.html.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Types GitHub Pages compresses (text, scripts, styles, data, SVG).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with ``Content-Encoding: gzip`` for text types when the client accepts it."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    extensions_map = {  # noqa: RUF012 - extends the stdlib's class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> object:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the trailing slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path = Path(self.directory) / "404.html"
            status = 404
            if not path.is_file():
                self.send_error(404)
                return None
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "max-age=600")
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like body for ``SimpleHTTPRequestHandler.copyfile``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = (self._data, b"") if size < 0 else (self._data[:size], self._data[size:])
        return data

    def close(self) -> None:
        self._data = b""


@contextmanager
def serving(site: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``site`` in a background thread; yields the base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = functools.partial(GzipHandler, directory=str(args.site))
    with http.server.ThreadingHTTPServer((args.host, args.port), handler) as server:
        print(f"Serving {args.site} with gzip on http://{args.host}:{server.server_address[1]}/")
        server.serve_forever()


if __name__ == "__main__":
    main()
