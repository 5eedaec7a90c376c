"""MkDocs entry points: thin adapters from MkDocs events to the ``polyglot`` package.

Only this file and ``macros.py`` know MkDocs' and Material's plugin APIs; a move to a
successor engine rewrites these few functions and nothing in ``polyglot/``.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import Any

import markdown
import yaml
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import polyglot
from polyglot import blog as blog_data
from polyglot import build as build_state
from polyglot import (
    cards,
    components,
    contacts,
    covers,
    csp,
    cssinline,
    cssprune,
    deploy,
    diagrams,
    errors,
    escaping,
    feeds,
    loader,
    pagemeta,
    pages,
    postpage,
    posts,
    privacy,
    render,
    seo,
    site_files,
    snippets,
)

BUILD_KEY = "_polyglot"
ICON_192 = "assets/images/icon-192.png"
ICON_512 = "assets/images/icon-512.png"
DIAGRAMS_DIR = "assets/diagrams"  # drawings of the Mermaid diagrams, under docs/ (make diagrams)
START_SCRIPT = "partials/polyglot/boot.js"  # under overrides/: inlined at the end of every page (main.html)
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
        polyglot.reload_changed_modules()  # edited hooks take effect on the next rebuild
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
    blog_data.write_file(authors_path, yaml.safe_dump(authors, sort_keys=False, allow_unicode=True))
    blog.config.authors_file = str(authors_path)
    blog.config.categories_allowed = data.category_names

    config.extra["social"] = contacts.social_links(data.owner)
    config.extra.update(privacy.extra_config(data.site.privacy))
    for folder in ("docs", "data"):
        outside = snippets.escaping_links(root / folder, root)
        if outside:
            raise PluginError(f"{folder}/: symbolic links leading out of the project: {', '.join(outside)}")
    try:
        policy = csp.merge_sources(privacy.csp_sources(data.site.privacy, config.extra.get("csp")))
    except errors.DataError as exc:
        raise PluginError(f"Invalid Content-Security-Policy sources:\n{exc}") from None
    build = build_state.Build(
        data=data,
        env=render.make_env(config.theme.dirs),
        include_drafts=_command == "serve" and blog.config.draft_on_serve,
        blog_dir=blog.config.blog_dir,
        site_url=config.site_url or "",
        language=config.theme.get("language") or "en",
        csp_policy=policy,
        snippet_processor=_snippet_processor(config),
        snippet_bases=list(config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])),
    )
    config[BUILD_KEY] = build
    _configure_feeds(config, build, docs)
    return config


def _configure_feeds(config: MkDocsConfig, build: build_state.Build, docs: Path) -> None:
    """Settle the ``rss`` plugin's options (mkdocs-rss-plugin) and add one instance per category.

    Runs before the plugins' own ``on_config`` (priority 100), so each instance reads its final
    options there; instances added now run in this same build's events.
    """
    main = config.plugins.get("rss")
    if main is None:
        return
    site = build.data.site
    categories = feeds.scan_categories(docs, build.blog_dir)
    wanted = [feeds.blog_feed(site.name, site.description, build.blog_dir)]
    wanted += feeds.category_feeds(
        site.name, [(c.name, c.description) for c in site.categories], categories, build.blog_dir
    )
    icon = seo.absolute(build.site_url, ICON_512)
    for i, feed in enumerate(wanted):
        plugin = main if i == 0 else type(main)()
        failures, _ = plugin.load_config(
            feeds.plugin_options(feed, length=site.feeds.length, image=icon), config.config_file_path
        )
        if failures:
            raise PluginError(f"rss plugin options for the {feed.key} feed: {failures}")
        # Also for the configured instance: `mkdocs serve` keeps it between rebuilds, and its
        # on_startup (once per process) is where it empties the pages it collected, so without
        # this every rebuild would add the posts to its feeds again.
        plugin.on_startup(command=_command, dirty=False)
        if i > 0:
            config.plugins[f"rss/{feed.key}"] = plugin


def _snippet_processor(config: MkDocsConfig) -> Any:
    """The snippets preprocessor exactly as MkDocs configures it for pages (None if unused)."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    try:
        return md.preprocessors["snippet"]  # markdown's Registry has no .get()
    except KeyError:
        return None


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


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
            if file.src_uri.startswith(posts_dir):
                post = pages.read_post(path, file.src_uri, label, authors=data.people, categories=data.category_names)
                posts.check_not_future(post, _now())
                build.posts.append(post)
            else:
                pages.check_front_matter(pages.read_page(path.read_bytes(), label), label)
        except errors.DataError as exc:
            raise PluginError(str(exc)) from None
    for post in build.posts:
        try:
            covers.resolve_cover(post, docs)
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
            # Backed by a real file: the blog plugin copies it for each page of a paginated view.
            path = root / ".cache" / "polyglot" / "generated" / src
            _write_if_changed(path, blog_data.category_page(category, count))
            files.append(File.generated(config, src, abs_src_path=str(path)))
    return files


@event_priority(-100)  # after the blog plugin gave posts their URLs (and slugs from their raw titles)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    build = get_build(config)
    build.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    build.nav_order = [p.file.src_uri for p in nav.pages]
    build.sheets = _sheets(files, config)
    build.cards = {}
    build.entries = {}
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
    post = build.post_at(page.file.src_uri)
    if post is not None and post.meta.cover is not None:
        # In the Markdown, so the excerpt on the blog index and category pages shows it too.
        return covers.cover_markdown(post.meta.cover, post.src_uri) + "\n\n" + markdown
    return markdown


@event_priority(10)  # before mkdocs-glightbox rewrites the HTML: feeds get the plain post
def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    if not page.is_homepage:  # the home page's <title> is the site name
        escaping.pin_title(page.meta, page.title)
    build = get_build(config)
    post = build.post_at(page.file.src_uri)
    if post is not None:
        blog = _blog(config)
        post.rendered(html, blog.config.post_readtime_words_per_minute, _reading_time(blog, page, html))
        # Feed item content (read by mkdocs-rss-plugin, which runs after this hook).
        content = feeds.item_content(html, page.canonical_url or "", build.data.site.feeds.content)
        page.meta["rss"] = {**(page.meta.get("rss") or {}), "feed_description": content}
        # Both of Material's date forms as one mapping, for the feed's date.created/date.updated.
        page.meta["date"] = {"created": post.meta.created, "updated": post.meta.updated or post.meta.created}
    # Mermaid diagrams drawn ahead of time (make diagrams) replace their source on the page.
    drawings = diagrams.reader(Path(config.docs_dir) / DIAGRAMS_DIR)
    return diagrams.inline(
        html,
        drawings,
        lambda svg, source: render.render_partial(build.env, "diagram.html", svg=Markup(svg), key=diagrams.key(source)),
    )


def _reading_time(blog: Any, page: Any, html: str) -> int | None:
    """The post's reading time by Material's own function, set on the post's settings: the
    blog plugin's ``on_page_content`` (after this hook) then keeps it instead of parsing the
    post again. None when the blog shows no reading times (the site computes its own)."""
    settings = getattr(page, "config", None)
    if not blog.config.post_readtime or settings is None:
        return None
    if not settings.readtime:
        from material.plugins.blog import plugin as blog_plugin  # its readtime, memoized by speed_hooks

        settings.readtime = blog_plugin.readtime(html, blog.config.post_readtime_words_per_minute)
    return settings.readtime


def _crumbs(page: Any, build: build_state.Build) -> list[tuple[str, str]]:
    """Home, the page's ancestors that have a page of their own, then the page."""
    crumbs = [(build.data.site.name, "")]
    if build.post_at(page.file.src_uri) is not None:
        crumbs.append(("Blog", build.url_of(f"{build.blog_dir}/index.md")))
    else:
        for section in reversed(page.ancestors):
            index = next((c for c in getattr(section, "children", None) or [] if getattr(c, "is_index", False)), None)
            if index is not None and index is not page and index.url:
                crumbs.append((section.title, index.url))
    if not page.is_homepage:
        crumbs.append((page.title or build.data.site.name, page.url))
    return crumbs


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    build = get_build(config)
    facts = pagemeta.PageFacts(
        src_uri=page.file.src_uri,
        url=page.url,
        # Plain text: titles and descriptions were escaped for Material; the partials escape once.
        title=html.unescape(str(page.meta.get("title") or page.title or build.data.site.name)).rstrip("¶").strip(),
        content=page.content or "",
        description=html.unescape(str(page.meta["description"])) if page.meta.get("description") else None,
        is_home=page.is_homepage,
        crumbs=_crumbs(page, build),
    )
    info = pagemeta.page_info(build, facts)
    page.meta["description"] = escaping.text(info.description)  # Material prints it unescaped
    post = build.post_at(page.file.src_uri)
    if post is not None:
        page.meta["author"] = escaping.text(", ".join(build.data.people[a].name for a in post.meta.authors))
        page.pe_after = pagemeta.post_footer_html(build, post, page.url)
    page.pe_head = pagemeta.head_html(build, info, page.file.src_uri, page.url)
    return context


def _finish(html: str, label: str, page: str, config: MkDocsConfig) -> str:
    """The last pass over a built page (``polyglot.postpage``); ``page`` is its path in the site."""
    build = get_build(config)
    try:
        return postpage.finish(
            html,
            label=label,
            policy=build.csp_policy,
            page=page,
            site_url=build.site_url,
            sheets=build.sheets,
            style_element=lambda path, css: render.render_verbatim(
                build.env, "inline-style.html", path=path, css=Markup(css)
            ),
        )
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None


def _sheets(files: Files, config: MkDocsConfig) -> cssinline.Sheets:
    """The site's stylesheets, and the words of its own scripts (what they may add to a page):
    those under docs/assets/javascripts/ and the inline start-up script."""
    docs = Path(config.docs_dir).resolve()
    texts, scripts = {}, []
    for file in files:
        if file.inclusion.is_excluded() or file.is_documentation_page():
            continue
        if file.src_uri.endswith(".css"):
            texts[file.src_uri] = file.content_string
        elif file.src_uri.startswith("assets/javascripts/") and file.src_uri.endswith(".js"):
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if source is not None and source.is_relative_to(docs):
                scripts.append(file.content_string)
    scripts.append(_start_script(config))
    return cssinline.make_sheets(texts, scripts)


def _start_script(config: MkDocsConfig) -> str:
    """The start-up script main.html inlines in every page, checked that it can be inlined."""
    # The file Jinja's include finds: the first of the theme's folders (overrides/ first) that has it.
    path = next((Path(d) / START_SCRIPT for d in config.theme.dirs if (Path(d) / START_SCRIPT).is_file()), None)
    if path is None:
        raise PluginError(f"overrides/{START_SCRIPT}: missing (main.html inlines it in every page)")
    try:
        return csp.inlinable_script(path.read_text("utf-8"), f"overrides/{START_SCRIPT}")
    except errors.DataError as exc:
        raise PluginError(str(exc)) from None


@event_priority(-100)  # last: after mkdocs-glightbox added its tags, before the CSP hashes the page
def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    html = components.fill_latest_posts(get_build(config), output, page.url)
    return _finish(html, f"docs/{page.file.src_uri}", page.file.dest_uri, config)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static theme pages (the 404 page) get the same hardening as content pages."""
    if not template_name.endswith(".html"):
        return output_content
    return _finish(output_content, f"overrides/{template_name}", template_name, config)


def on_post_build(config: MkDocsConfig) -> None:
    build = get_build(config)
    site_dir = Path(config.site_dir)
    cache = project_root(config) / cards.CACHE_DIR
    for path, card in build.cards.items():
        cards.render(card, site_dir / path, cache)
    site = build.data.site
    (site_dir / "robots.txt").write_text(site_files.robots_txt(build.site_url), "utf-8")
    (site_dir / "llms.txt").write_text(
        site_files.llms_txt(site.name, site.tagline, site.description, _llms_sections(build)), "utf-8"
    )
    manifest = site_files.manifest(
        site.name,
        site.name,
        site.description,
        theme_color="#1a5276",
        background_color="#ffffff",
        icons=[(ICON_192, 192), (ICON_512, 512)],
        lang=build.language,
    )
    (site_dir / "manifest.webmanifest").write_text(manifest, "utf-8")
    # Material's stylesheets, less the rules no page of this site can match (polyglot/cssprune.py):
    # the files boot.js loads with Material's bundle (each page holds what it can match of them).
    cssprune.prune_site(site_dir)


def _llms_sections(build: build_state.Build) -> list[tuple[str, list[site_files.Entry]]]:
    visible = posts.latest(build.posts, len(build.posts), include_drafts=build.include_drafts)
    post_entries = [build.entries[p.src_uri] for p in visible if p.src_uri in build.entries]
    post_uris = {p.src_uri for p in build.posts}
    blog_views = f"{build.blog_dir}/"  # archive and category pages live under the blog's folder
    page_entries = [
        build.entries[u]
        for u in build.nav_order
        if u in build.entries and u not in post_uris and (not u.startswith(blog_views) or u.endswith("/index.md"))
    ]
    category_uris = [blog_data.category_src_path(build.blog_dir, c.name) for c in build.data.site.categories]
    category_entries = [build.entries[u] for u in category_uris if u in build.entries]
    return [("Posts", post_entries), ("Pages", page_entries), ("Categories", category_entries)]
