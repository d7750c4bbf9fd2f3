"""Cloudflare-protected e-mail addresses: finding them in markup and decoding them."""

from __future__ import annotations

from lintnews.patterns import CF_ATTR, CF_CLASS, CF_HREF, CF_LINK, CF_PLACEHOLDER, EMAIL


def decode_cfemail(hexstr: str) -> str | None:
    """Cloudflare's scheme: the first byte is the XOR key of the rest."""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        text = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if EMAIL.fullmatch(text) else None


def cf_address(el) -> str | None:
    """The decoded address an element protects, if it protects one."""
    hexstr = el.get(CF_ATTR)
    if hexstr:
        return decode_cfemail(hexstr)
    href = el.get("href")
    if not href or CF_LINK not in href:  # what CF_HREF needs, found without the regex
        return None
    m = CF_HREF.search(href)
    return decode_cfemail(m.group(1)) if m else None


def is_cf_placeholder(el, text: str) -> bool:
    cls = el.get("class") or ""
    return CF_CLASS in cls or el.get(CF_ATTR) is not None or bool(
        el.tag == "a" and CF_HREF.search(el.get("href") or "") and CF_PLACEHOLDER.fullmatch(text.strip()))


def is_cf_tag(tag_src: str) -> bool:
    """A start tag's source that marks a protected address."""
    return CF_CLASS in tag_src or CF_ATTR in tag_src or CF_LINK in tag_src
