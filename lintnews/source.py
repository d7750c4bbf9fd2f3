"""Bytes in, text out and back again, keeping encoding, BOM, line endings and file mode."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from lintnews.errors import InputError
from lintnews.outfile import AtomicFile, fingerprint  # noqa: F401 - fingerprint: part of reading and writing back

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class RawText:
    """A file's text with ``\\n`` newlines, and what is needed to write it back byte-exact."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"  # "\r\n" when every line ending in the file is CRLF

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, path: str, encoding: str | None = None,
           declared: str | None = None) -> RawText:
    """Decode a file's bytes, or raise InputError with a one-line reason.

    ``encoding`` is the configuration's; ``declared`` is what the file says of itself (an HTML
    page's charset), used only when the bytes are not UTF-8: pages often declare a charset they
    do not use, and UTF-8 bytes are unambiguous.
    """
    if encoding is None and declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return decode(data, path)
        except InputError as err:
            if "binary" in err.message:
                raise
        try:
            return decode(data, path, declared)
        except InputError:
            raise InputError(path, f"neither valid utf-8 nor the declared {declared}") from None
    bom = b""
    enc = encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, enc = mark, name
            break
    body = data[len(bom):]
    if not bom and b"\x00" in body[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), not an article")
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"not valid {enc} (byte 0x{body[err.start]:02x} at offset {err.start + len(bom)}); "
            "set `encoding` in the configuration if the file uses another encoding",
        ) from None
    except LookupError:
        raise InputError(path, f"unknown encoding {enc!r}") from None
    newline = "\n"
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n") and crlf == text.count("\r"):
        newline, text = "\r\n", text.replace("\r\n", "\n")
    return RawText(text, enc, bom, newline)


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None


def atomic_write(path: str, data: bytes, expected: tuple[int, int, int],
                 original: bytes | None = None) -> None:
    """Write an article atomically (see ``AtomicFile``), or raise InputError.

    Refuses when the file changed since it was read (``expected`` fingerprint, and the bytes
    themselves when given), so a concurrent edit is never overwritten.
    """
    if original is not None:
        try:
            with open(path, "rb") as f:
                changed = f.read() != original
        except OSError as err:
            raise InputError(path, f"cannot write: {err.strerror or err}") from None
        if changed:
            raise InputError(path, "changed since it was read; not written")
    out = AtomicStream(path, expected)
    out.write(data)
    out.commit()


class AtomicStream(AtomicFile):
    """An article's ``AtomicFile``: failures are the article's InputError, not OSError."""

    def __init__(self, path: str, expected: tuple[int, int, int]) -> None:
        try:
            super().__init__(path, expected)
        except OSError as err:
            raise InputError(path, f"cannot write: {err.strerror or err}") from None

    def commit(self) -> None:
        try:
            super().commit()
        except OSError as err:
            raise InputError(self.path, f"cannot write: {err.strerror or err}") from None
