"""Serve rebuilds in one process, as `mkdocs serve` runs them after each save, for a test.

    python tests/speed/serve_rebuilds.py PROJECT SITE_DIR SITE_URL

Builds once, then builds again for every line read from standard input, answering each
build with one JSON line: how many pages ``polyglot.pageskip`` rendered, skipped and
recorded the inputs of, and
what Material's search plugin calls ``re`` (``polyglot.searchstrip``) and how many blog
posts it keeps to make again from memory (``speed_hooks._post_init_memo``), or the error. A
subprocess, because its builds patch MkDocs (``speed_hooks``) in the process.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def main() -> int:
    project, site_dir, site_url = sys.argv[1:4]
    os.chdir(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config() -> Any:
        loaded = load_config(config_file="mkdocs.yml", site_dir=site_dir)
        loaded.site_url = site_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    current = first
    while True:
        try:
            build(current, serve_url=site_url)
            hooks = next(p for name, p in current.plugins.items() if name.endswith("speed_hooks.py"))
            skipper = hooks._state["skipper"]
            search_re = type(sys.modules["material.plugins.search.plugin"].re).__name__
            answer: dict[str, Any] = {
                "rendered": skipper.rendered,
                "skipped": skipper.skipped,
                "recorded": len(skipper.last),  # pages whose inputs the next build compares with
                "search_re": search_re,
                "posts_kept": len(hooks._state.get("post_states") or {}),
            }
        except Exception as exc:  # a failed build is an answer too (serve carries on)
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
        if not sys.stdin.readline():
            return 0
        current = config()


if __name__ == "__main__":
    sys.exit(main())
