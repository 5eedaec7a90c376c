"""Drop the rules of the theme's stylesheets that no page of the site can match.

Material ships one stylesheet for every feature it has (137 KB, 23 KB gzipped, plus 12 KB of
palettes for every colour); this site uses a part of it. After a build, the *tokens* are
every class, id, attribute name and attribute value in the built HTML, every word of the
site's own scripts and inline scripts, and the words of the theme's bundle that name the
classes it adds at run time (``md-*``, ``tabbed-*``, ...); attribute names and values may be
any word of the bundle. A selector is dropped only when it names a class, id or attribute
that is not a token; a rule is kept if any of its selectors is. Arguments of functional
pseudo-classes (``:not(.x)``, ``:is(.a, .b)``) never make a selector unused, so the pruning
errs on the side of keeping. Grouping at-rules are pruned inside; other at-rules are kept.

String functions, and one that rewrites a built site's theme stylesheets in place.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import overload

# A word as the JavaScript may build a class or attribute from it.
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# Attributes of HTML start tags: name, then an optional quoted or bare value.
_TAG = re.compile(r"<[A-Za-z][^\s/>]*((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
# In a selector: .class, #id, [attr op value]
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_ID = re.compile(r"#(-?[A-Za-z_][\w-]*)")
_ATTRSEL = re.compile(r"\[\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([^\]\s]+))\s*(?:[is]\s*)?)?\]")
# A custom property a stylesheet reads, and one a script may name.
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
CUSTOM_NAME = re.compile(r"--[A-Za-z_][\w-]*")
# At-rules whose blocks hold rules to prune; every other at-rule is kept whole.
_GROUPING = ("@media", "@supports", "@layer", "@container", "@document", "@scope")


def html_tokens(html: str, scripts: bool = True) -> set[str]:
    """Attribute names, the words of attribute values, and (with ``scripts``) the words of
    inline scripts in ``html``."""
    tokens: set[str] = set()
    if scripts:
        for script in _SCRIPT.finditer(html):
            tokens |= js_tokens(script.group(1))
    # A page repeats most of its tags (navigation, code spans): each distinct attribute
    # text is read once, and its words are kept (:func:`attribute_tokens`).
    tokens.update(*map(attribute_tokens, set(_TAG.findall(html if scripts else _SCRIPT.sub("", html)))))
    return tokens


# Attribute texts read, by text: this generation's and the last one's (a generation ends at
# _ATTRIBUTE_TOKENS_KEPT texts): the texts a site repeats stay, the rest are forgotten.
_ATTRIBUTE_TOKENS: list[dict[str, frozenset[str]]] = [{}, {}]
_ATTRIBUTE_TOKENS_KEPT = 4096
_ATTRIBUTE_TEXT_KEPT = 256  # characters: a longer text (rarely repeated) is read every time


def attribute_tokens(attributes: str) -> frozenset[str]:
    """The names and value words of a start tag's attribute text, remembered by the text:
    the same tags recur on every page of a site (a generated post: about 600 tags, 320
    distinct texts; 47,000 distinct texts in a 1000-post site, most of them links and
    code spans seen once)."""
    young, old = _ATTRIBUTE_TOKENS
    found = young.get(attributes)
    if found is None:
        found = old.get(attributes)
        if found is None:
            words: set[str] = set()
            # findall: "" for the value forms an attribute does not use (at most one is used).
            for name, double, single, bare in ATTRIBUTE.findall(attributes):
                words.add(name.lower())
                value = double or single or bare
                if value:
                    words.update(value.split())
            found = frozenset(words)
        if len(attributes) > _ATTRIBUTE_TEXT_KEPT:
            return found
        if len(young) >= _ATTRIBUTE_TOKENS_KEPT:
            young = {}
            _ATTRIBUTE_TOKENS[:] = [young, _ATTRIBUTE_TOKENS[0]]
        young[attributes] = found
    return found


@functools.lru_cache(maxsize=1024)
def js_tokens(js: str) -> frozenset[str]:
    """Every word of ``js``: class names the scripts add at run time are among them.

    Memoized on the text: the theme's bundle is read on every build, and the same inline
    scripts appear on every page."""
    return frozenset(_WORD.findall(js))


@dataclass(frozen=True)
class Used:
    """What the site can match: class/id tokens, attribute tokens, and prefixes of class names
    the theme builds at run time from parts (``md-tag--`` + a name)."""

    tokens: frozenset[str]
    attributes: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        return name in self.tokens or name.startswith(self.prefixes)

    def has_attribute(self, word: str) -> bool:
        return word in self.attributes or self.has(word)


def _strip_pseudo_arguments(selector: str) -> str:
    """``a:not(.x) b:is(.y)`` -> ``a:not() b:is()``: arguments never make a selector unused."""
    out: list[str] = []
    depth = 0
    for char in selector:
        if char == "(":
            if depth == 0:
                out.append(char)
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
            if depth == 0:
                out.append(char)
        elif depth == 0:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class Need:
    """What a selector names: attributes (with the words an ``=`` value must have), classes and ids."""

    attributes: tuple[tuple[str, tuple[str, ...]], ...]
    names: tuple[str, ...]

    def met(self, used: Used) -> bool:
        for name, words in self.attributes:
            if not used.has_attribute(name) or not all(used.has_attribute(w) for w in words):
                return False
        return all(used.has(n) for n in self.names)


def selector_need(selector: str) -> Need:
    bare = _strip_pseudo_arguments(selector)
    attributes = []
    for attr in _ATTRSEL.finditer(bare):
        name, op = attr.group(1).lower(), attr.group(2)
        value = next((v for v in attr.groups()[2:] if v is not None), None)
        words = (value or "").split() if op == "=" else []
        attributes.append((name, tuple(words)))
    bare = _ATTRSEL.sub("", bare)  # attribute values may contain dots and hashes
    return Need(tuple(attributes), tuple(_CLASS.findall(bare) + _ID.findall(bare)))


def selector_used(selector: str, used: Used) -> bool:
    """False only when ``selector`` names a class, id or attribute (value) that no page has."""
    return selector_need(selector).met(used)


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split ``text`` on ``sep`` outside brackets, parentheses and strings."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for i, char in enumerate(text):
        if quote:
            if char == quote and text[i - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _skip_string(css: str, i: int) -> int:
    quote = css[i]
    i += 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _block_end(css: str, i: int) -> int:
    """Index just after the ``}`` matching the ``{`` at ``css[i]``."""
    depth = 0
    while i < len(css):
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces in stylesheet")


def _statements(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level statements as (prelude, block body or None for ``@x ...;``). Comments are dropped."""
    i = 0
    prelude_start = 0
    pieces: list[str] = []
    while i < len(css):
        char = css[i]
        if css.startswith("/*", i):
            pieces.append(css[prelude_start:i])
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            prelude_start = i
            continue
        if char in "\"'":
            i = _skip_string(css, i)
            continue
        if char == ";":  # ends an at-rule statement (``@charset "UTF-8";``)
            prelude = ("".join(pieces) + css[prelude_start:i]).strip()
            if prelude:
                yield prelude, None
            pieces, i = [], i + 1
            prelude_start = i
            continue
        if char == "{":
            end = _block_end(css, i)
            prelude = ("".join(pieces) + css[prelude_start:i]).strip()
            yield prelude, css[i + 1 : end - 1]
            pieces, i = [], end
            prelude_start = i
            continue
        if char == "}":  # stray closing brace: skip it
            pieces, i = [], i + 1
            prelude_start = i
            continue
        i += 1
    rest = ("".join(pieces) + css[prelude_start:]).strip()
    if rest:
        yield rest, None


@dataclass(frozen=True)
class Statement:
    """One statement of a stylesheet, parsed once, pruned for any number of token sets.

    ``text`` is kept whole (``@charset ...;``, ``@font-face {...}``); a style rule has its
    ``selectors`` (each with what it names) and ``body``; a grouping at-rule has
    ``prelude`` and the statements ``inside`` it."""

    text: str = ""
    selectors: tuple[tuple[str, Need], ...] = ()
    body: str = ""
    prelude: str = ""
    inside: tuple[Statement, ...] | None = None
    # A style rule that declares custom properties: its declarations as (custom property or
    # "", text), so unread custom properties can be left out.
    declarations: tuple[tuple[str, str], ...] = ()
    # The custom properties the statement reads (``var(--x)``).
    reads: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=16)
def compile_css(css: str) -> tuple[Statement, ...]:
    """``css`` parsed into statements (comments dropped) for :func:`prune_compiled`; the same
    text is parsed once per process (``mkdocs serve`` rebuilds reuse it)."""
    return _compile(css)


def _compile(css: str) -> tuple[Statement, ...]:
    out: list[Statement] = []
    for prelude, body in _statements(css):
        if body is None:
            out.append(Statement(text=prelude + ";"))
        elif prelude.lower().startswith(_GROUPING):
            out.append(Statement(prelude=prelude, inside=_compile(body)))
        elif prelude.startswith("@"):
            text = f"{prelude}{{{body}}}"
            out.append(Statement(text=text, reads=frozenset(_VAR.findall(text))))
        else:
            selectors = tuple((s.strip(), selector_need(s)) for s in split_top_level(prelude))
            out.append(
                Statement(
                    selectors=selectors,
                    body=body,
                    declarations=_declarations(body),
                    reads=frozenset(_VAR.findall(body)),
                )
            )
    return tuple(out)


def _declarations(body: str) -> tuple[tuple[str, str], ...]:
    """A rule body's declarations as (custom property or "", text), if it declares a custom
    property (and holds no nested rule); otherwise none."""
    if "--" not in body or "{" in body:
        return ()
    found = []
    for part in split_top_level(body, ";"):
        name, colon, _ = part.partition(":")
        name = name.strip()
        found.append((name if colon and name.startswith("--") else "", part))
    return tuple(found) if any(name for name, _ in found) else ()


def prune_compiled(statements: tuple[Statement, ...], used: Used, properties: frozenset[str] | None = None) -> str:
    """The stylesheet ``statements`` came from, without what ``used`` cannot match, and (with
    ``properties``) without the declarations of custom properties not among them."""
    out: list[str] = []
    for statement in statements:
        if statement.inside is not None:
            inner = prune_compiled(statement.inside, used, properties)
            if inner:
                out.append(f"{statement.prelude}{{{inner}}}")
        elif statement.selectors:
            kept = [text for text, need in statement.selectors if need.met(used)]
            if not kept:
                continue
            body = statement.body
            if properties is not None and statement.declarations:
                body = ";".join(text for name, text in statement.declarations if not name or name in properties)
                if not body.strip():
                    continue
            out.append(f"{','.join(kept)}{{{body}}}")
        else:
            out.append(statement.text)
    return "".join(out)


def reads(statements: tuple[Statement, ...], used: Used) -> frozenset[str]:
    """The custom properties that what ``used`` keeps of ``statements`` reads."""
    found: set[str] = set()
    for statement in statements:
        if statement.inside is not None:
            found |= reads(statement.inside, used)
        elif not statement.selectors or any(need.met(used) for _, need in statement.selectors):
            found |= statement.reads
    return frozenset(found)


def declared(statements: tuple[Statement, ...]) -> frozenset[str]:
    """Every custom property ``statements`` declare."""
    found: set[str] = set()
    for statement in statements:
        if statement.inside is not None:
            found |= declared(statement.inside)
        found.update(name for name, _ in statement.declarations if name)
    return frozenset(found)


def custom_properties_read(html: str) -> frozenset[str]:
    """What markup reads or names of custom properties: ``var(--x)`` anywhere (inline styles,
    style attributes) and any ``--x`` word of its inline scripts."""
    found = set(_VAR.findall(html))
    for script in _SCRIPT.finditer(html):
        found.update(CUSTOM_NAME.findall(script.group(1)))
    return frozenset(found)


def names(statements: tuple[Statement, ...]) -> frozenset[str]:
    """Every class, id, attribute name and attribute word the selectors of ``statements`` name:
    a page's other tokens cannot change what is kept."""
    found: set[str] = set()
    for statement in statements:
        if statement.inside is not None:
            found |= names(statement.inside)
        for _, need in statement.selectors:
            found.update(need.names)
            for name, words in need.attributes:
                found.add(name)
                found.update(words)
    return frozenset(found)


def prune_css(css: str, used: Used) -> str:
    """``css`` without the rules (and emptied grouping at-rules) that ``used`` cannot match."""
    return prune_compiled(compile_css(css), used)


# Words of the theme's bundle that name classes and attributes it adds at run time.
RUNTIME_PREFIXES = ("md-", "tabbed-", "data-", "aria-", "focus-visible", "js", "no-js", "mermaid")
# Classes the bundle builds from parts at run time.
BUILT_PREFIXES = ("md-tag", "md-source__fact", "tabbed-control")


def collect_used(
    html_pages: Iterable[str],
    own_scripts: Iterable[str] = (),
    theme_scripts: Iterable[str] = (),
    runtime_prefixes: tuple[str, ...] = RUNTIME_PREFIXES,
    built_prefixes: tuple[str, ...] = BUILT_PREFIXES,
) -> Used:
    """The tokens of a site's pages, its own scripts and its theme's scripts."""
    return used_from_tokens(
        (html_tokens(html) for html in html_pages), own_scripts, theme_scripts, runtime_prefixes, built_prefixes
    )


def used_from_tokens(
    page_tokens: Iterable[Iterable[str]],
    own_scripts: Iterable[str] = (),
    theme_scripts: Iterable[str] = (),
    runtime_prefixes: tuple[str, ...] = RUNTIME_PREFIXES,
    built_prefixes: tuple[str, ...] = BUILT_PREFIXES,
) -> Used:
    """:func:`collect_used` from each page's :func:`html_tokens` (computed, or remembered)."""
    tokens: set[str] = set()
    for found in page_tokens:
        tokens.update(found)
    for js in own_scripts:
        tokens |= js_tokens(js)
    attributes = set(tokens)
    for js in theme_scripts:
        words = js_tokens(js)
        attributes |= words
        tokens |= {w for w in words if w.startswith(runtime_prefixes)}
    return Used(frozenset(tokens), frozenset(attributes), built_prefixes)


class WordCounts:
    """The union of many pages' words, kept as how many pages hold each word: the union for
    another set of pages that differs by a few (a serve rebuild after an edit) is had by
    taking the pages that went out and adding those that came in, not by reading them all.

    Pages are named by a key (their text's digest); a page's words are a set."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.held: Counter[str] = Counter()  # the keys of the pages counted (with repeats)

    def union(
        self, keys: Sequence[str], words: Callable[[int], AbstractSet[str]], previous: Mapping[str, AbstractSet[str]]
    ) -> set[str]:
        """Every word of the pages ``keys``; ``words(i)`` gives the words of ``keys[i]``,
        ``previous`` those of pages counted before (counted again from scratch when a page
        that went out is not there, or when most pages changed)."""
        wanted = Counter(keys)
        gone, came = self.held - wanted, wanted - self.held
        if any(key not in previous for key in gone) or len(gone) + len(came) > len(wanted) // 2:
            self.counts, self.held = Counter(), Counter()
            gone, came = Counter(), wanted
        try:
            first: dict[str, int] = {}
            for at, key in enumerate(keys):
                first.setdefault(key, at)
            dropped: set[str] = set()
            for key, times in gone.items():
                found = previous[key]
                dropped |= found
                for _ in range(times):
                    self.counts.subtract(found)
            for key, times in came.items():
                found = words(first[key])
                for _ in range(times):
                    self.counts.update(found)
            for word in dropped:
                if self.counts[word] <= 0:
                    del self.counts[word]
        except BaseException:
            self.counts, self.held = Counter(), Counter()  # half counted: start again next time
            raise
        self.held = wanted
        return set(self.counts)


@dataclass(frozen=True)
class Pruned:
    path: str
    before: int
    after: int


THEME_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
THEME_JS = "assets/javascripts/bundle.*.min.js"


class PageTexts(Sequence[str]):
    """The text of each file of ``paths``, read when asked for and not kept: a 1000-post
    site's pages are about 190 MB of HTML, which a list would hold all at once."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(paths)

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [p.read_text("utf-8") for p in self.paths[index]]
        return self.paths[index].read_text("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (p.read_text("utf-8") for p in self.paths)


def html_files(site: Path) -> Iterator[Path]:
    """Every ``*.html`` file under ``site`` (``Path.rglob``'s files, listed with ``os.walk``:
    several times faster on a site of a thousand pages)."""
    for folder, _dirs, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                yield Path(folder, name)


def prune_site(site: Path) -> list[Pruned]:
    """Prune the theme's stylesheets of a built ``site`` in place; their source maps go too."""
    pages = PageTexts(sorted(html_files(site)))
    theme = sorted(site.glob(THEME_JS))
    own = [p for p in sorted((site / "assets" / "javascripts").glob("*.js")) if p not in theme]
    used = collect_used(pages, (p.read_text("utf-8") for p in own), (p.read_text("utf-8") for p in theme))
    done = []
    for pattern in THEME_CSS:
        for css in sorted(site.glob(pattern)):
            text = css.read_text("utf-8")
            pruned = prune_css(text, used)
            css.write_text(pruned, "utf-8")
            css.with_name(css.name + ".map").unlink(missing_ok=True)
            done.append(Pruned(css.relative_to(site).as_posix(), len(text), len(pruned)))
    return done
