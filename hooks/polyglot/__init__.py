"""Build-time logic of The Polyglot Engineer, free of MkDocs event plumbing.

Everything here is a plain, typed function or model that the thin MkDocs entry
points in ``hooks/site_hooks.py`` and ``hooks/macros.py`` call. Moving the site to
another MkDocs-compatible engine only touches those two adapters.
"""

import importlib
import sys

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
    "cards",
    "site_files",
    "privacy",
    "lightbox",
    "csp",
    "deploy",
    "snippets",
    "links",
    "security",
    "build",
    "components",
    "pagemeta",
    "cssprune",
    "diagrams",
    "scaffold",
    "mdcache",
    "excerpts",
    "pagekey",
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
