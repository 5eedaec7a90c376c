"""Build-time logic of The Polyglot Engineer, free of MkDocs event plumbing.

Everything here is a plain, typed function or model that the thin MkDocs entry
points in ``hooks/site_hooks.py`` and ``hooks/macros.py`` call. Moving the site to
another MkDocs-compatible engine only touches those two adapters.
"""

import hashlib
import importlib
import sys
from pathlib import Path

# Dependency order: a module comes after every module it imports from.
MODULES = (
    "errors",
    "escaping",
    "yamltext",
    "models",
    "loader",
    "posts",
    "pages",
    "stack",
    "codeblocks",
    "contacts",
    "blog",
    "urls",
    "render",
    "covers",
    "related",
    "series",
    "seo",
    "share",
    "feeds",
    "pngencode",
    "cards",
    "site_files",
    "privacy",
    "lightbox",
    "csp",
    "deploy",
    "snippets",
    "links",
    "security",
    "cssprune",
    "cssinline",
    "postpage",
    "build",
    "components",
    "pagemeta",
    "diagrams",
    "scaffold",
    "mdcache",
    "mdpool",
    "excerpts",
    "pagekey",
    "pagelist",
    "polling",
    "gcidle",
    "searchstrip",
    "helper",
    "finishing",
    "pageskip",
)


def reload_modules() -> None:
    """Re-execute the package's modules in place, so ``mkdocs serve`` picks up edited hooks.

    MkDocs loads hook files once per process; callers that reference modules (not names
    imported from them) see the new code after this.
    """
    for name in MODULES:
        module = sys.modules.get(f"{__name__}.{name}")
        if module is not None:
            importlib.reload(module)


_seen: dict[str, str] = {}  # module name -> digest of its source when last executed or checked


def _source_digest(module: object) -> str:
    path = getattr(module, "__file__", None)
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""


def reload_changed_modules() -> list[str]:
    """Like :func:`reload_modules`, from the first module whose source changed onwards.

    Modules before it in :data:`MODULES` import nothing that changed, so they keep running
    as they are (and whatever was patched into them, e.g. the speed layer's memos); every
    module from the first changed one on is re-executed, dependants after dependencies.
    The first call only records the sources. Returns the names reloaded.
    """
    first = not _seen
    reloaded: list[str] = []
    changed = False
    for name in MODULES:
        if first:  # every module, so one imported later is not taken for an edited one
            importlib.import_module(f"{__name__}.{name}")
        module = sys.modules.get(f"{__name__}.{name}")
        if module is None:
            continue
        digest = _source_digest(module)
        changed = changed or (not first and _seen.get(name) != digest)
        _seen[name] = digest
        if changed:
            importlib.reload(module)
            reloaded.append(name)
    return reloaded
