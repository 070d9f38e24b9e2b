"""URL hygiene: the one canonical spelling of a cited URL, and what is wrong with a URL as a source.

A source is identified by its URL, so two spellings of one page (an upper-case host, a host with a
trailing dot, tracking parameters) must become one URL before anything counts sources. Canonical
forms never guess: the scheme is kept as written (http and https may be different pages), only what
cannot change the page is normalised.

Some URLs cannot be a source at all (an error): a raw IP address, an explicit port, a staging or
development host: they are scrapes, mirrors or unpublished copies of a page, whose public address
is what to cite. Others can be cited but say less than they seem to (a warning): a search or tag
page lists other pages and states nothing itself; a file-sharing upload is a copy by an unknown user.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid)$", re.IGNORECASE)
"""Query parameters that only tell a site where a visitor came from."""

_STAGING_LABEL = re.compile(r"(staging|preprod|internal|intranet)|^(dev|test|stage|uat|qa)(\d+|-[a-z0-9-]*)?$")
_FILE_SHARING = ("scribd.com", "slideshare.net", "dokumen.pub", "dokumen.tips", "docplayer.net", "docplayer.info",
                 "docslib.org", "pdfcoffee.com", "studocu.com", "yumpu.com", "fdocuments.net", "vdocuments.mx",
                 "documents.pub", "coursehero.com", "issuu.com", "pdfslide.net")
_SEARCH_SEGMENT = re.compile(r"^(search(\.[a-z]+)?|tag|tags|label)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class UrlProblem:
    """What is wrong with a URL as a source; `error` ones stop the build."""

    error: bool
    reason: str


def host_of(url: str) -> str:
    """The host of a URL, lower-case and without a trailing dot ('' when there is none)."""
    return (urlsplit(url).hostname or "").rstrip(".")


@cache
def canonical(url: str) -> str:
    """The one spelling of a URL: lower-case scheme and host, no trailing dot on the host, no
    tracking parameters. Path, the other parameters and the fragment stay as written (a fragment
    may route a single-page site). Kept per URL, as `problems` is: the loader spells every citation."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    userinfo, _, hostport = netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":") if not hostport.endswith("]") and ":" in hostport \
        else (hostport, "", "")
    host = host.lower().rstrip(".")
    netloc = (f"{userinfo}@" if userinfo else "") + host + (f"{colon}{port}" if colon else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not TRACKING.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept, safe=":/%@!$'()*,;~")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, query, parts.fragment))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@cache
def problems(url: str) -> tuple[UrlProblem, ...]:
    """Every reason this URL is a poor source: errors first. Kept per URL: a source is cited by many
    records (230,000 citations of 12,000 URLs at a million triples, 19 s unkept)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    found: list[UrlProblem] = []
    if _is_ip(host):
        found.append(UrlProblem(True, f"the host is a raw IP address ({host}), typically a mirror or scrape: "
                                      "cite the page on its publisher's own host"))
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None:
        found.append(UrlProblem(True, f"the URL names a port (:{port if port >= 0 else '?'}), typically an "
                                      "unpublished or mirrored copy: cite the public address"))
    if host == "localhost" or any(_STAGING_LABEL.search(label) for label in host.split(".")[:-2]):
        found.append(UrlProblem(True, f"the host {host} is a staging, development or internal server: "
                                      "cite the published page"))
    if any(host == site or host.endswith("." + site) for site in _FILE_SHARING):
        found.append(UrlProblem(False, f"{host} is a file-sharing site: an upload by an unknown user; "
                                       "cite the original document (or mark the source `tier: copy` with "
                                       "`copy_of:`)"))
    segments = [s for s in parts.path.split("/") if s]
    # A search system's display page ("/search/display/…", as on parliamentary archives) shows one
    # document, which states what it states; only a search or tag segment that ends the listing counts.
    if any(_SEARCH_SEGMENT.match(s) and not (i + 1 < len(segments) and segments[i + 1].lower().startswith("display"))
           for i, s in enumerate(segments)):
        found.append(UrlProblem(False, "a search or tag page lists other pages and states nothing itself: "
                                       "cite the page it finds"))
    return tuple(sorted(found, key=lambda p: not p.error))
