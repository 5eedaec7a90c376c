"""Debian's Chromium, as every browser tool of the project starts it (tests, audit, drawings, icons).

No tool downloads a browser: the path is ``$CHROMIUM`` (or ``/usr/bin/chromium``), and the
flags keep it from reaching the network on its own and let it run as root in CI.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
