"""An article's text and metadata: HTML through trafilatura (main text, title, site name, date, URL),
plain text as it is (a first line "date YYYY-MM-DD" is read as its date); options fill what the file
does not say."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import dateparser

from ..dates import PartialDate
from ..errors import CjkgError


class NotAnArticle(CjkgError):
    """A file given to `cjkg ingest` holds no article text: empty, binary, or unreadable."""

    exit_code = 2


@dataclass(frozen=True)
class Article:
    """The text of an article and what is known of where and when it was published."""

    file: str
    text: str
    title: str | None
    url: str | None
    publisher: str | None
    date: PartialDate | None


_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
_ONLY_DATE = re.compile(r"^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})$")
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|article|p)\b", re.IGNORECASE)
MIN_WORDS = 20
"""Fewer words than this is not an article (a caption, an error page)."""


def read_article(path: Path, url: str | None = None, publisher: str | None = None,
                 date: str | None = None) -> Article:
    """The article in `path`; options given win over what the page says (they correct it)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise NotAnArticle(f"{path}: cannot be read ({e.strerror})") from None
    if not raw.strip():
        raise NotAnArticle(f"{path}: the file is empty, not an article")
    if b"\x00" in raw[:4096]:
        raise NotAnArticle(f"{path}: the file is binary, not an article (give a saved HTML page or plain text)")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = raw.decode("cp1252", errors="replace")
    found = _from_html(raw) if _HTML.search(raw[:2048]) else _from_text(decoded)
    text, title, page_url, site, page_date = found
    if len(text.split()) < MIN_WORDS:
        raise NotAnArticle(f"{path}: no article text found ({len(text.split())} words)")
    try:
        when = PartialDate.parse(date) if date else (PartialDate.parse(page_date) if page_date else None)
    except ValueError as e:
        raise NotAnArticle(f"{path}: date: {e}") from None
    return Article(file=path.name, text=text, title=title, url=url or page_url, publisher=publisher or site,
                   date=when)


def _from_html(raw: bytes) -> tuple[str, str | None, str | None, str | None, str | None]:
    import trafilatura

    doc = trafilatura.bare_extraction(raw.decode("utf-8", errors="replace"), with_metadata=True,
                                      include_comments=False, include_tables=False, deduplicate=True)
    if doc is None:
        return "", None, None, None, None
    return doc.text or "", doc.title, doc.url, doc.sitename, doc.date


def _from_text(text: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    m = _DATE_LINE.match(text)
    date = m.group(1) if m else None
    body = text[m.end():] if m else text
    if date is None:  # a page that opens with its title and a line that is only its date
        for line in [x.strip() for x in body.splitlines() if x.strip()][:4]:
            if _ONLY_DATE.match(line):
                found = dateparser.parse(line, languages=["en"], settings={"STRICT_PARSING": True})
                date = found.date().isoformat() if found else None
                break
    first = next((line.strip() for line in body.splitlines() if line.strip()), None)
    title = first if first and len(first.split()) <= 15 and not first.endswith(".") else None
    return body.strip(), title, None, None, date
