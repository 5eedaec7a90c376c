"""MkDocs entry points: thin adapters from MkDocs events to the ``polyglot`` package.

Only this file and ``macros.py`` know MkDocs' and Material's plugin APIs; a move to a
successor engine rewrites these few functions and nothing in ``polyglot/``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import polyglot
from polyglot import blog as blog_data
from polyglot import build as build_state
from polyglot import (
    components,
    contacts,
    csp,
    deploy,
    errors,
    escaping,
    loader,
    pages,
    posts,
    render,
    security,
    snippets,
)

BUILD_KEY = "_polyglot"
_command = "build"


def _now() -> datetime.datetime:
    """The current UTC time, naive like post dates."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


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
    for folder in ("docs", "data"):
        outside = snippets.escaping_links(root / folder, root)
        if outside:
            raise PluginError(f"{folder}/: symbolic links leading out of the project: {', '.join(outside)}")
    try:
        policy = csp.merge_sources(config.extra.get("csp"))
    except errors.DataError as exc:
        raise PluginError(f"Invalid Content-Security-Policy sources:\n{exc}") from None
    config[BUILD_KEY] = build_state.Build(
        data=data,
        env=render.make_env(config.theme.dirs),
        include_drafts=_command == "serve" and blog.config.draft_on_serve,
        blog_dir=blog.config.blog_dir,
        csp_policy=policy,
        snippet_processor=_snippet_processor(config),
        snippet_bases=list(config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])),
    )
    return config


def _snippet_processor(config: MkDocsConfig) -> Any:
    """The snippets preprocessor exactly as MkDocs configures it for pages (None if unused)."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    try:
        return md.preprocessors["snippet"]  # markdown's Registry has no .get()
    except KeyError:
        return None


@event_priority(60)  # before the blog plugin resolves posts, so our messages come first
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = get_build(config)
    root = project_root(config)
    docs = Path(config.docs_dir)
    posts_dir = f"{build.blog_dir}/posts/"
    data = build.data
    build.posts = []
    for file in files.documentation_pages():
        if file.abs_src_path is None:  # generated in memory (category pages)
            continue
        path = Path(file.abs_src_path)
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            text = pages.read_page(path.read_bytes(), label)
            if file.src_uri.startswith(posts_dir):
                post = posts.parse_post(text, file.src_uri, label, authors=data.people, categories=data.category_names)
                posts.check_not_future(post, _now())
                build.posts.append(post)
            else:
                pages.check_front_matter(text, label)
        except errors.DataError as exc:
            raise PluginError(str(exc)) from None

    try:
        cname = deploy.cname(data.site.domain, config.site_url)
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None
    if cname is not None:
        existing = files.get_file_from_path("CNAME")
        if existing is not None and existing.content_string.strip() != cname.strip():
            found = existing.content_string.strip()
            raise PluginError(f"docs/CNAME says '{found}' but data/site.yml: domain is '{cname.strip()}'")
        if existing is None:
            files.append(File.generated(config, "CNAME", content=cname))

    published = [p for p in build.posts if build.include_drafts or not p.meta.draft]
    for category in data.site.categories:
        src = blog_data.category_src_path(build.blog_dir, category.name)
        if files.get_file_from_path(src) is None and not (docs / src).exists():
            count = sum(category.name in p.meta.categories for p in published)
            files.append(File.generated(config, src, content=blog_data.category_page(category, count)))
    return files


@event_priority(-100)  # after the blog plugin gave posts their URLs (and slugs from their raw titles)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    build = get_build(config)
    build.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    try:
        pages.duplicate_urls(build.urls)
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None
    # Material's templates print these unescaped; escape them before any page renders.
    blog = _blog(config)
    for post in blog.blog.posts:
        escaping.escape_meta(post.meta)
    for author in getattr(blog, "authors", {}).values():
        author.name = escaping.text(author.name)
        author.description = escaping.text(author.description)
    return nav


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = project_root(config)
    for folder in ("data", "hooks", "overrides"):
        server.watch(str(root / folder))
    return server


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    escaping.escape_meta(page.meta)  # title and description reach Material's templates raw
    build = get_build(config)
    try:
        snippets.check_page(markdown, build.snippet_processor, f"docs/{page.file.src_uri}", build.snippet_bases)
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None
    return markdown


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    if not page.is_homepage:  # the home page's <title> is the site name
        escaping.pin_title(page.meta, page.title)
    post = get_build(config).post_at(page.file.src_uri)
    if post is not None:
        post.rendered(html, _blog(config).config.post_readtime_words_per_minute)
    return html


def _finish(html: str, label: str, config: MkDocsConfig) -> str:
    try:
        return security.finish_page(html, get_build(config).csp_policy, label)
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None


@event_priority(-100)  # last: every other change to the page is made before the CSP hashes it
def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    html = components.fill_latest_posts(get_build(config), output, page.url)
    return _finish(html, f"docs/{page.file.src_uri}", config)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static theme pages (the 404 page) get the same hardening as content pages."""
    if not template_name.endswith(".html"):
        return output_content
    return _finish(output_content, f"overrides/{template_name}", config)
