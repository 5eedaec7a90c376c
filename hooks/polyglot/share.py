"""Share links as plain URLs: no third-party script, nothing loads until a reader clicks."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def share_links(url: str, title: str, description: str = "") -> list[dict[str, str]]:
    """``{name, icon, href}`` for X, LinkedIn, Hacker News, Reddit and email."""
    body = f"{description}\n\n{url}" if description else url
    return [
        {
            "name": "X",
            "icon": "fontawesome/brands/x-twitter",
            "href": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        },
        {
            "name": "LinkedIn",
            "icon": "fontawesome/brands/linkedin",
            "href": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        },
        {
            "name": "Hacker News",
            "icon": "fontawesome/brands/hacker-news",
            "href": "https://news.ycombinator.com/submitlink?" + urlencode({"u": url, "t": title}),
        },
        {
            "name": "Reddit",
            "icon": "fontawesome/brands/reddit-alien",
            "href": "https://www.reddit.com/submit?" + urlencode({"url": url, "title": title}),
        },
        {
            "name": "Email",
            "icon": "material/email-outline",
            "href": "mailto:?subject=" + quote(title, safe="") + "&body=" + quote(body, safe=""),
        },
    ]
