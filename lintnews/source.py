"""Bytes in, text out and back again, keeping encoding, BOM, line endings and file mode."""

from __future__ import annotations

import codecs
import os
import stat
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


def open_regular(path: str):
    """Open a file for reading (binary), or raise InputError: anything that is not a regular file
    (a fifo would block the run, a link to the zero device would fill the memory) is refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a directory")
        if not stat.S_ISREG(mode):
            raise InputError(path, "not a regular file (a device, fifo or socket); not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str) -> bytes:
    f = open_regular(path)
    try:
        with f:
            return f.read()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None


def check_writable(path: str) -> None:
    """Refuse, before any work, to rewrite a read-only article (no write permission bit, even for
    root, who could otherwise) or one this user may not write (a rename in a writable folder
    would replace it all the same)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise InputError(path, f"cannot write: {err.strerror or err}") from None
    if not mode & 0o222:
        raise InputError(path, "read-only file; not fixed (make it writable to let --fix change it)")
    if not os.access(path, os.W_OK):
        raise InputError(path, "permission denied; not fixed")


def atomic_write(path: str, data: bytes, expected: tuple[int, int, int],
                 original: bytes | None = None) -> None:
    """Write an article atomically (see ``AtomicFile``), or raise InputError.

    Refuses when the file changed since it was read (``expected`` fingerprint, and the bytes
    themselves when given), so a concurrent edit is never overwritten, and when it is read-only.
    """
    out = AtomicStream(path, expected, original)
    try:
        out.write(data)
    except OSError as err:
        out.abort()
        raise InputError(path, f"cannot write: {err.strerror or err}") from None
    out.commit()


class AtomicStream(AtomicFile):
    """An article's ``AtomicFile``: failures are the article's InputError, not OSError."""

    def __init__(self, path: str, expected: tuple[int, int, int], original: bytes | None = None) -> None:
        check_writable(path)
        try:
            super().__init__(path, expected, original=original)
        except OSError as err:
            raise InputError(path, f"cannot write: {err.strerror or err}") from None

    def commit(self) -> None:
        try:
            super().commit()
        except OSError as err:
            raise InputError(self.path, f"cannot write: {err.strerror or err}") from None
