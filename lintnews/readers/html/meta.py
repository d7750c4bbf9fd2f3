"""Page metadata: title, author, canonical url, date and language from <meta>, <link>, <title>,
JSON-LD and the root's lang."""

from __future__ import annotations

import json
import re

from lintnews.readers.html.tags import normalise
from lintnews.readers import parse_int
from lintnews.patterns import compile_cached

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_CHARSET = compile_cached(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def metadata(root) -> dict:
    props = _meta_properties(root)
    title_el = root.find(".//title")
    ld = json_ld(root)
    title = props.get("og:title") or (normalise(title_el.text or "") if title_el is not None else "") \
        or ld.get("title")
    candidates = {
        "title": title,
        "author": props.get("author") or props.get("article:author") or ld.get("author"),
        "url": _canonical(root) or props.get("og:url") or ld.get("url"),
        "date": props.get("article:published_time") or ld.get("date") or props.get("date"),
        "language": (root.get("lang") or root.get("xml:lang") or "").strip(),
    }
    return {key: value for key, value in candidates.items() if value}


def _meta_properties(root) -> dict[str, str]:
    """<meta> contents by property, name or itemprop; the first of each wins."""
    props: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = el.get("content")
        if key and content and key not in props:
            props[key] = content.strip()
    return props


def _canonical(root) -> str | None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            return el.get("href").strip()
    return None


def json_ld(root) -> dict:
    """Author, date, headline and url from the page's JSON-LD items, the first of each."""
    meta: dict = {}
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, parse_int=parse_int)
        except (ValueError, RecursionError):
            continue
        for item in _items(data):
            _read_item(item, meta)
    return meta


def _items(data):
    """Every JSON object of a JSON-LD value, @graph contents included."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            stack.append(item["@graph"])
        yield item


def _read_item(item: dict, meta: dict) -> None:
    author = item.get("author")
    if author and "author" not in meta:
        names = []
        for a in author if isinstance(author, list) else [author]:
            name = a.get("name") if isinstance(a, dict) else a
            if isinstance(name, str) and name.strip():
                names.append(name.strip())
        if names:
            meta["author"] = ", ".join(names)
    for key, target in (("datePublished", "date"), ("headline", "title"), ("url", "url")):
        value = item.get(key)
        if isinstance(value, str) and value.strip() and target not in meta:
            meta[target] = value.strip()
