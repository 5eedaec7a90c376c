"""What publishing needs from the data: the custom domain's CNAME file."""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import DataError


def cname(domain: str | None, site_url: str | None, label: str = "data/site.yml") -> str | None:
    """The content of the ``CNAME`` file GitHub Pages needs for ``domain`` (None without one).

    The file is part of every build, so a deploy that replaces the ``gh-pages`` branch
    keeps the custom domain. ``site_url`` must point at the same host, or canonical
    links and the sitemap would send readers (and search engines) elsewhere.
    """
    if not domain:
        return None
    host = urlsplit(site_url or "").hostname
    if host != domain:
        raise DataError.single(
            label,
            "domain",
            f"'{domain}' differs from the host of site_url ({site_url!r}): set site_url to "
            f"https://{domain}/ in mkdocs.yml (or the SITE_URL variable)",
        )
    return domain + "\n"
