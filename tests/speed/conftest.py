"""A fixture site for the speed tricks: tricky posts plus a generated corpus.

Every trick is checked the same way: build the fixture with the trick and without it
(``POLYGLOT_CACHE=off``) and compare every output file byte for byte.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

POSTS_DIR = Path("docs/blog/posts")
CORPUS_POSTS = 24  # more than a page (10) in the index and in some categories: pagination
# One clock for every build of a test session: mkdocs-rss-plugin stamps each feed's channel
# with the build time to the second (MkDocs' get_build_timestamp, which reads
# SOURCE_DATE_EPOCH), so two builds a second apart differ with or without any cache.
# Fixing the clock keeps the comparison byte for byte, feeds included.
BUILD_EPOCH = str(int(time.time()))

TRICKY = {
    "links.md": """---
title: Links of every kind
description: A post whose excerpt links everywhere.
date: 2026-03-04
authors: [saad-laouadi]
categories: [Practical Guides, Lessons from the Field]
slug: links-of-every-kind
tags: [testing]
---

See [the other post](anchors.md), [its section](anchors.md#the-section), [about](../../about.md),
[the blog](../index.md), [a query](../../about.md?x=1&y=2), [here](#details), [self](./links.md),
[an external](https://example.org/a?b=1&c=2), <https://example.org/auto>, [mail](mailto:a@example.org),
![logo](../../assets/images/logo.svg){ width="40" }, a footnote[^1], an API, ++ctrl+c++, :smile:,
==marked== and `#!python print("x")`.

*[API]: Application Programming Interface

=== "Python"

    ```python linenums="1"
    print("tab one")
    ```

=== "Rust"

    ```rust
    fn main() {}
    ```

<!-- more -->

## Details

The rest[^2], with a [link back](#details) and [to the top](#details).

[^1]: The first footnote, [with a link](anchors.md).
[^2]: The second footnote.
""",
    "anchors.md": """---
title: Anchors and headings
description: A post with its own H1 and sections in the excerpt.
date: 2026-03-05
authors: [ibrahim-lahlou]
categories: [Practical Guides]
slug: anchors
---

# Anchors, and a title from the page

## The section

Text with [a link to the section](#the-section) and a table:

| a | b |
| --- | --- |
| [x](links.md) | 1 |

!!! tip "A tip with a [link](links.md#details)"

    Body.

```mermaid
flowchart LR
    a --> b
```

<!-- more -->

## After

More.

Left out of the search index (Material strips the attribute from the page after indexing).
{ data-search-exclude="true" }
""",
    # Excerpts converted from the text before the separator (excerpts.prefix_source): one
    # that is, and one that is not because what follows the separator reaches back.
    "cut.md": """---
title: An excerpt cut at its separator
description: Headings, tabs, a table and definitions before the separator, code after it.
date: 2026-03-08
authors: [ibrahim-lahlou]
categories: [Lessons from the Field]
slug: cut-at-the-separator
---

## Why

The [guide][g] and the CLI, with ==marks==, ++ctrl+c++ and `#!python len(x)`.

| a | b |
| --- | --- |
| [x](html.md) | 1 |

=== "One"

    Tab one.

=== "Two"

    Tab two.

[g]: links.md#details
*[CLI]: Command-line interface

<!-- more -->

## Why

```python
if items[0]:
    style = {"color": "#fff"}
```

The CLI again, and [the guide][g].
""",
    "reaching.md": """---
title: Definitions after the excerpt
description: An excerpt whose links and heading ids are settled after its separator.
date: 2026-03-07
authors: [saad-laouadi]
categories: [Practical Guides]
slug: definitions-after-the-excerpt
---

## Setup

See [the guide][guide] and the API, then [the links post](links.md).

<!-- more -->

## Another {#setup}

[guide]: links.md#details
*[API]: Application Programming Interface
""",
    "html.md": """---
title: "Raw HTML & entities: <em>not</em> a tag"
description: Titles and excerpts with characters that need escaping.
date: 2026-03-06
authors: [saad-laouadi]
categories: [Multi-Language Development]
slug: html-and-entities
---

<div markdown>A [nested link](links.md) in *raw* HTML, &amp; an entity, <a href="links.md">raw a</a>.</div>

Plain text & ampersands < and > "quotes".

<!-- more -->

Rest.
""",
}


def write_fixture(dest: Path) -> Path:
    copy_project(dest)
    # The real hooks (a link, not a copy): coverage then counts the code these builds run.
    shutil.rmtree(dest / "hooks")
    (dest / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    posts = dest / "docs" / "blog" / "posts"
    for name, text in TRICKY.items():
        (posts / name).write_text(text, "utf-8")
    gen_corpus.write_corpus(posts / "corpus", CORPUS_POSTS, seed=11, root=ROOT)
    return dest


def build(
    project: Path,
    site: Path,
    *,
    cache: bool = True,
    extra_env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> str:
    """A strict build that must succeed; its log."""
    proc = run_build(project, site, cache=cache, extra_env=extra_env, args=args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def run_build(
    project: Path,
    site: Path,
    *,
    cache: bool = True,
    extra_env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """A strict build of ``project`` into ``site``, whatever its outcome."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        "POLYGLOT_CACHE": "on" if cache else "off",
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def differences(a: Path, b: Path) -> list[str]:
    """Every file that differs, exists on one side only, or is not a regular file."""
    out = []
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out += [f"only in first: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in second: {f}" for f in sorted(files_b - files_a)]
    for f in sorted(files_a & files_b):
        if not filecmp.cmp(a / f, b / f, shallow=False):
            out.append(f"differs: {f}")
    return out


@pytest.fixture(scope="session")
def speed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("speed") / "project")


@pytest.fixture(scope="session")
def reference_site(speed_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built with every speed trick off: what the tricks must reproduce exactly."""
    site = tmp_path_factory.mktemp("reference")
    shutil.rmtree(speed_project / ".cache", ignore_errors=True)
    build(speed_project, site, cache=False)
    return site
