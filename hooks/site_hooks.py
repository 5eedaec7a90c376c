"""MkDocs entry points: thin adapters from MkDocs events to the ``polyglot`` package.

Only this file and ``macros.py`` know MkDocs' and Material's plugin APIs; a move to a
successor engine rewrites these few functions and nothing in ``polyglot/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import polyglot
from polyglot import blog as blog_data
from polyglot import build as build_state
from polyglot import components, contacts, cssprune, diagrams, errors, loader, posts, render

BUILD_KEY = "_polyglot"
DIAGRAMS_DIR = "assets/diagrams"  # drawings of the Mermaid diagrams, under docs/ (make diagrams)
_command = "build"


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def get_build(config: MkDocsConfig) -> build_state.Build:
    return config[BUILD_KEY]


def _blog(config: MkDocsConfig) -> Any:
    return config.plugins["material/blog"]


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # before the blog plugin reads its authors file
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _command == "serve":
        polyglot.reload_modules()  # edited hooks take effect on the next rebuild
    root = project_root(config)
    docs = Path(config.docs_dir)
    try:
        data = loader.load_site_data(root / "data", docs, label_root=root)
    except errors.DataError as exc:
        raise PluginError(f"Invalid site data:\n{exc}") from None

    blog = _blog(config)
    cache = root / ".cache" / "polyglot"
    cache.mkdir(parents=True, exist_ok=True)
    authors_path = cache / "authors.yml"
    authors = blog_data.authors_file(data.people)
    authors_path.write_text(yaml.safe_dump(authors, sort_keys=False, allow_unicode=True), "utf-8")
    blog.config.authors_file = str(authors_path)
    blog.config.categories_allowed = data.category_names

    config.extra["social"] = contacts.social_links(data.owner)
    config[BUILD_KEY] = build_state.Build(
        data=data,
        env=render.make_env(config.theme.dirs),
        include_drafts=_command == "serve" and blog.config.draft_on_serve,
        blog_dir=blog.config.blog_dir,
    )
    return config


@event_priority(60)  # before the blog plugin resolves posts, so our messages come first
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = get_build(config)
    root = project_root(config)
    docs = Path(config.docs_dir)
    posts_dir = f"{build.blog_dir}/posts/"
    data = build.data
    build.posts = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(posts_dir):
            continue
        path = Path(file.abs_src_path)
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            text = path.read_bytes().decode("utf-8-sig")
            build.posts.append(
                posts.parse_post(text, file.src_uri, label, authors=data.people, categories=data.category_names)
            )
        except UnicodeDecodeError as exc:
            raise PluginError(f"{label}: (file): not UTF-8 text (byte {exc.start})") from None
        except errors.DataError as exc:
            raise PluginError(str(exc)) from None

    published = [p for p in build.posts if build.include_drafts or not p.meta.draft]
    for category in data.site.categories:
        src = blog_data.category_src_path(build.blog_dir, category.name)
        if files.get_file_from_path(src) is None and not (docs / src).exists():
            count = sum(category.name in p.meta.categories for p in published)
            files.append(File.generated(config, src, content=blog_data.category_page(category, count)))
    return files


@event_priority(-100)  # after the blog plugin gave posts their URLs
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    get_build(config).urls = {f.src_uri: f.url for f in files.documentation_pages()}
    return nav


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = project_root(config)
    for folder in ("data", "hooks", "overrides"):
        server.watch(str(root / folder))
    return server


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    build = get_build(config)
    post = build.post_at(page.file.src_uri)
    if post is not None:
        post.rendered(html, _blog(config).config.post_readtime_words_per_minute)
    drawings = diagrams.reader(Path(config.docs_dir) / DIAGRAMS_DIR)
    return diagrams.inline(
        html,
        drawings,
        lambda svg, source: render.render_partial(build.env, "diagram.html", svg=Markup(svg), key=diagrams.key(source)),
    )


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    return components.fill_latest_posts(get_build(config), output, page.url)


def on_post_build(config: MkDocsConfig) -> None:
    # Material's stylesheets, less the rules no page of this site can match (polyglot/cssprune.py).
    cssprune.prune_site(Path(config.site_dir))
