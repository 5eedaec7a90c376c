"""Per-page output assembled from one build: the head's meta tags and JSON-LD, the social card,
and the end of a post (series, related posts, share links)."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import cards, feeds, render, seo, series, share
from .build import Build
from .posts import Post, html_to_text
from .site_files import Entry
from .urls import relative_url

# Renders whose result only the page's own template prints (``page.pe_head``, ``page.pe_after``):
# a serve rebuild that keeps a post's page from the last build does not need them
# (``polyglot.pageskip``). Everything else here records something other pages or files read.
TEMPLATE_ONLY = ("head_html", "post_footer_html")

PRIVACY_PAGE = "privacy.md"
_LEADING_H1 = re.compile(r"^\s*<h1\b.*?</h1>", re.DOTALL)
_FIRST_P = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)


@dataclass
class PageFacts:
    """What the adapter knows about a page being rendered (URLs site-relative)."""

    src_uri: str
    url: str
    title: str
    content: str
    description: str | None = None
    is_home: bool = False
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # ancestors, home first, page last


def describe(description: str | None, content: str) -> str:
    """The front matter's description, else the first paragraph of the page (shortened)."""
    if description and description.strip():
        return seo.shorten(description)
    body = _LEADING_H1.sub("", content, count=1)
    match = _FIRST_P.search(body)
    text = html_to_text(match.group(1) if match else body)
    return seo.shorten(text)


def _author(build: Build, pid: str) -> seo.Author:
    person = build.data.people[pid]
    return seo.Author(
        pid=pid,
        person=person,
        url=seo.absolute(build.site_url, build.url_of(person.profile)),
        avatar=seo.absolute(build.site_url, person.avatar),
    )


def _profile_of(build: Build, src_uri: str) -> str | None:
    return next((pid for pid, p in build.data.people.items() if p.profile == src_uri), None)


def _post_card(build: Build, post: Post) -> cards.Card:
    names = [build.data.people[a].name for a in post.meta.authors]
    return cards.Card(
        title=post.meta.title,
        site_name=build.data.site.name,
        author=", ".join(names),
        category=post.meta.categories[0],
    )


def card_for(build: Build, facts: PageFacts, post: Post | None) -> cards.Card:
    if post is not None:
        return _post_card(build, post)
    title = build.data.site.tagline if facts.is_home else facts.title
    return cards.Card(title=title, site_name=build.data.site.name)


def _has_cover(post: Post | None) -> bool:
    """A post whose cover image has its size: the cover is its social image, not a card."""
    cover = post.meta.cover if post is not None else None
    return cover is not None and bool(cover.width and cover.height)


def post_cards(build: Build) -> dict[str, cards.Card]:
    """The social card each of the build's posts will get, by source path (known once the
    posts are read; the build's helper process draws them ahead of time)."""
    if not build.data.site.social_cards:
        return {}
    return {post.src_uri: _post_card(build, post) for post in build.posts if not _has_cover(post)}


def _image(build: Build, facts: PageFacts, post: Post | None, title: str) -> seo.Image | None:
    cover = post.meta.cover if post is not None and _has_cover(post) else None
    if cover is not None:
        kind = mimetypes.guess_type(cover.src)[0] or "image/png"
        return seo.Image(
            url=seo.absolute(build.site_url, cover.src),
            alt=cover.alt,
            width=cover.width,
            height=cover.height,
            type=kind,
        )
    if not build.data.site.social_cards:
        return None
    path = cards.card_path(facts.url)
    build.cards[path] = card_for(build, facts, post)
    return seo.Image(
        url=seo.absolute(build.site_url, path),
        alt=f"{title}: {build.data.site.name}",
        width=cards.WIDTH,
        height=cards.HEIGHT,
    )


def page_info(build: Build, facts: PageFacts) -> seo.PageInfo:
    """Everything the head says about the page; records its social card and llms.txt entry."""
    post = build.post_at(facts.src_uri)
    site = build.data.site
    url = seo.absolute(build.site_url, facts.url)
    title = post.meta.title if post else (site.name if facts.is_home else facts.title)
    description = describe(post.meta.description if post else facts.description, facts.content)
    if facts.is_home and not (facts.description and facts.description.strip()):
        description = seo.shorten(site.description)
    info = seo.PageInfo(
        kind="home" if facts.is_home else "post" if post else "page",
        title=title,
        description=description,
        url=url,
        site_name=site.name,
        site_url=seo.absolute(build.site_url, ""),
        language=build.language,
        breadcrumbs=[(name, seo.absolute(build.site_url, u)) for name, u in facts.crumbs],
        search_url=seo.absolute(build.site_url, ""),
    )
    info.image = _image(build, facts, post, title)
    if post is not None:
        info.authors = [_author(build, a) for a in post.meta.authors]
        info.published = post.meta.created
        info.modified = post.meta.updated
        info.section = post.meta.categories[0]
        info.tags = list(post.meta.tags)
    else:
        pid = _profile_of(build, facts.src_uri)
        if pid is not None:
            info.kind = "profile"
            info.profile = _author(build, pid)
            info.authors = [info.profile]
    if post is None or build.include_drafts or not post.meta.draft:
        build.entries[facts.src_uri] = Entry(title=title, url=url, description=description)
    return info


def feed_links(build: Build, src_uri: str) -> list[dict[str, str]]:
    """Autodiscovery links: the blog's JSON feed everywhere, a category's feeds on its page and posts."""
    links = [{"type": "application/feed+json", "title": f"{build.data.site.name} (JSON Feed)", "href": feeds.JSON_FILE}]
    post = build.post_at(src_uri)
    names = list(post.meta.categories) if post else []
    for category in build.data.site.categories:
        folder = feeds.category_feed_dir(build.blog_dir, category.name)
        if src_uri == folder + ".md" or category.name in names:
            title = f"{build.data.site.name}: {category.name}"
            links.append(
                {
                    "type": "application/rss+xml",
                    "title": title,
                    "href": feeds.category_feed_file(category.name, feeds.RSS_FILE),
                }
            )
            links.append(
                {
                    "type": "application/feed+json",
                    "title": title,
                    "href": feeds.category_feed_file(category.name, feeds.JSON_FILE),
                }
            )
    return links


def head_html(build: Build, info: seo.PageInfo, src_uri: str, page_url: str) -> Markup:
    links = [{**link, "href": relative_url(link["href"], page_url)} for link in feed_links(build, src_uri)]
    html = render.render_partial(
        build.env,
        "head.html",
        tags=seo.meta_tags(info),
        json_ld=seo.script_json(seo.json_ld(info)),
        feeds=links,
    )
    return Markup(html)


def _post_link(build: Build, post: Post, page_url: str) -> dict[str, Any]:
    return {
        "title": post.meta.title,
        "url": relative_url(build.url_of(post.src_uri), page_url),
        "date": post.meta.created,
        "description": post.meta.description,
    }


def post_footer_context(build: Build, post: Post, page_url: str) -> dict[str, Any]:
    """Series navigation, related posts and share links for the end of a post."""
    context: dict[str, Any] = {"series": None}
    found = series.series_of(post, build.posts, include_drafts=build.include_drafts)
    if found is not None:
        context["series"] = {
            "name": found.name,
            "parts": [{**_post_link(build, p, page_url), "current": p is post} for p in found.parts],
            "index": found.index + 1,
            "count": len(found.parts),
            "previous": _post_link(build, found.previous, page_url) if found.previous else None,
            "next": _post_link(build, found.next, page_url) if found.next else None,
        }
    context["related"] = [_post_link(build, p, page_url) for p in build.related_to(post)]
    absolute_url = seo.absolute(build.site_url, build.url_of(post.src_uri))
    context["share"] = share.share_links(absolute_url, post.meta.title, post.meta.description)
    context["url"] = absolute_url
    context["comments"] = comments_context(build, post, page_url)
    return context


def comments_context(build: Build, post: Post, page_url: str) -> dict[str, Any] | None:
    """Giscus' data attributes when comments are enabled (and the post does not opt out)."""
    giscus = build.data.site.privacy.comments
    if giscus is None or post.meta.comments is False:
        return None
    attributes = {
        "repo": giscus.repo,
        "repo-id": giscus.repo_id,
        "category": giscus.category,
        "category-id": giscus.category_id,
        "mapping": giscus.mapping,
        "reactions-enabled": "1" if giscus.reactions else "0",
        "emit-metadata": "0",
        "input-position": "top",
        "lang": giscus.lang,
        "loading": "lazy",
    }
    return {"attributes": attributes, "privacy_url": relative_url(build.url_of(PRIVACY_PAGE), page_url)}


def post_footer_html(build: Build, post: Post, page_url: str) -> Markup:
    return Markup(render.render_partial(build.env, "post-footer.html", **post_footer_context(build, post, page_url)))
