"""Bytes in, text out and back again, keeping encoding, BOM, line endings and file mode."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from dataclasses import dataclass

from lintnews.errors import InputError
from lintnews.splice import STRAY, STRAY_BYTES, Unmapped, splice_bytes
from lintnews.outfile import AtomicFile, fingerprint  # noqa: F401 - fingerprint: part of reading and writing back

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# Labels pages and configurations use that Python's codec registry does not know (the WHATWG
# encoding labels), mapped to the codec that reads them. Windows-31J is CP932; so is what
# browsers decode for every Shift_JIS label, but a page that says Shift_JIS keeps Python's
# stricter codec unless it fails (see ``decode``).
_ALIASES = {
    "windows-31j": "cp932", "csWindows31J": "cp932", "x-sjis": "cp932", "ms-kanji": "cp932",
    "x-ms-cp932": "cp932", "x-mac-roman": "mac-roman", "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic", "x-euc-jp": "euc_jp", "x-gbk": "gbk", "x-cp1250": "cp1250",
    "x-cp1251": "cp1251", "x-cp1252": "cp1252", "x-cp1253": "cp1253", "x-cp1254": "cp1254",
    "x-cp1255": "cp1255", "x-cp1256": "cp1256", "x-cp1257": "cp1257", "x-cp1258": "cp1258",
    "iso-8859-8-i": "iso8859-8", "csiso88598i": "iso8859-8", "x-x-big5": "big5", "big5-hkscs": "big5hkscs",
    "cseuckr": "euc_kr", "csksc56011987": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601-1989": "cp949",
    "ksc5601": "cp949", "ksc_5601": "cp949", "windows-949": "cp949", "x-user-defined": "latin-1",
    "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8", "x-unicode20utf8": "utf-8",
    "dos-874": "cp874", "windows-874": "cp874", "iso-8859-11": "cp874", "tis-620": "cp874",
}
_ALIASES = {k.lower(): v for k, v in _ALIASES.items()}
# A page that says ISO-8859-1 or ASCII is read as windows-1252, as browsers read it (the WHATWG
# encoding labels): its bytes 0x80-0x9F are the curly quotes and dashes such pages hold, which
# Latin-1 made control characters ("Jane\x92s", a quote no guard knew). A page with a byte
# windows-1252 leaves undefined is read as it says.
_AS_BROWSERS_READ = {"iso8859-1": ("cp1252", "iso8859-1"), "ascii": ("cp1252", "ascii")}
# Python's text codecs that are no file's character set: they turn escapes and host names
# into characters (a page's `\u0041` read as "A"), so no byte of a file read with them is kept
# when it is written back, and a page declaring one would have its text rewritten by --fix.
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"}
# Codecs that write a BOM of their own: a file without one, read with them (a configuration's
# `encoding = "utf-16"`), was written back with a BOM it never had (and a JSONL file with one
# before every fixed record). A BOM is found and kept apart from the codec (see ``_decode``);
# these read a file without one as those do (UTF-16 and UTF-32 in the machine's byte order).
_WITHOUT_BOM = {"utf-8-sig": "utf-8", "utf-16": f"utf-16-{sys.byteorder[0]}e",
                "utf-32": f"utf-32-{sys.byteorder[0]}e"}
# Encodings whose bytes are not ASCII: a newline is not the byte 0x0A, so no tool reads their lines.
WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
# Encodings whose bytes cannot be cut between two characters and spliced back: re-encoding
# them whole is the only way (they are stateful, or not ASCII-compatible).
_WHOLE = {*WIDE, "utf-7",
          "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3",
          "iso2022_jp_ext", "iso2022_kr", "hz"}
# A UTF-8 file may hold a few stray bytes (a scraper's bad cut, one Latin-1 character) and be
# fixed with those bytes kept: at most one per this many bytes, and never more than _MAX_STRAY.
_STRAY_EVERY = 1000
_MAX_STRAY = 16
codecs.register_error("lintnews-stray", lambda err: (STRAY, err.start + 1))


def codec_name(label: str) -> str:
    """Python's codec for an encoding label (``windows-31j``, ``ms932``, ``x-mac-roman``...).

    Raises LookupError for a label no codec reads.
    """
    label = label.strip()
    name = codecs.lookup(_ALIASES.get(label.lower(), label)).name
    if name in _NOT_CHARSETS:
        raise LookupError(name)
    return _WITHOUT_BOM.get(name, name)


@dataclass
class RawText:
    """A file's text with ``\\n`` newlines, and what is needed to write it back byte-exact."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"  # "\r\n" when every line ending in the file is CRLF, "\r" when every one is a lone CR
    data: bytes | None = None  # the bytes read, BOM excluded: untouched text is written from these
    stray: int = 0  # stray bytes kept (decoded as U+FFFD for the rules)
    path: str = ""

    def encode(self, text: str) -> bytes:
        """The bytes of ``text`` (an edit of ``self.text``), byte-exact wherever it is unchanged.

        Text the edit left alone is copied from the bytes read, not encoded anew: an encoding
        with two byte sequences for one character (CP932's NEC and IBM extensions) and stray
        bytes kept in a UTF-8 file come back as they were.
        """
        if self.data is not None and text == self.text:
            return self.bom + self.data
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        if self.data is None or self.encoding in _WHOLE or self._reencodes_exactly():
            return self.bom + self._encode(text)
        try:
            return self.bom + splice_bytes(self._file_text(), self.data, text, self._encode,
                                           self.encoding, bool(self.stray))
        except Unmapped:
            return self.bom + self._encode(text)

    def _file_text(self) -> str:
        return self.text.replace("\n", self.newline) if self.newline != "\n" else self.text

    def _reencodes_exactly(self) -> bool:
        if self.stray:
            return False
        try:
            return self._file_text().encode(self.encoding) == self.data
        except UnicodeEncodeError:
            return False

    def _encode(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as err:
            raise InputError(self.path, f"the fixed text has {err.object[err.start]!r}, which {self.encoding} "
                             "cannot encode; not written") from None


def decode(data: bytes, path: str, encoding: str | None = None,
           declared: str | None = None, cr_lines: bool = True) -> RawText:
    """Decode a file's bytes, or raise InputError with a one-line reason.

    ``encoding`` is the configuration's; ``declared`` is what the file says of itself (an HTML
    page's charset), used only when the bytes are not UTF-8: pages often declare a charset they
    do not use, and UTF-8 bytes are unambiguous. A UTF-8 file with a few stray bytes is read
    with each one kept (see ``RawText.encode``). ``cr_lines=False`` keeps a file of lone CRs as
    it is: a format read line by line at LF (JSON Lines) has a lone CR inside its one line.
    """
    if encoding is not None:
        try:
            encoding = codec_name(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
    if encoding is None and declared:
        try:
            declared = codec_name(declared)
        except LookupError:
            declared = None  # a page's unknown label: read it as UTF-8, as if it said nothing
    if encoding is None and declared and declared != "utf-8":
        try:
            return _decode(data, path, None, cr_lines, strict=True)
        except InputError as err:
            if "binary" in err.message or "UTF-16" in err.message:
                raise
        for name in _AS_BROWSERS_READ.get(declared, (declared,)):
            try:
                return _decode(data, path, name, cr_lines, strict=True)
            except InputError:
                pass
        try:
            return _decode(data, path, None, cr_lines)
        except InputError:
            raise InputError(path, f"neither valid utf-8 nor the declared {declared}") from None
    return _decode(data, path, encoding, cr_lines)


def _decode(data: bytes, path: str, encoding: str | None, cr_lines: bool = True,
            strict: bool = False) -> RawText:
    bom = b""
    enc = encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, enc = mark, name
            break
    body = data[len(bom):]
    if not bom and enc not in WIDE and b"\x00" in body:
        if _looks_utf16(body):
            raise InputError(path, "UTF-16 without a byte-order mark; set `encoding = \"utf-16-le\"` "
                             "(or \"utf-16-be\") in the configuration")
        raise InputError(path, "binary file (contains NUL bytes), not an article")
    stray = 0
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as err:
        stray = 0 if strict or enc != "utf-8" else _stray_bytes(body)
        if not stray:
            raise InputError(
                path,
                f"not valid {enc} (byte 0x{body[err.start]:02x} at offset {err.start + len(bom)}); "
                "set `encoding` in the configuration if the file uses another encoding",
            ) from None
        text = body.decode(enc, "lintnews-stray")
    except UnicodeError:  # a codec that fails without saying where (punycode)
        raise InputError(path, f"not valid {enc}; set `encoding` in the configuration if the file uses "
                         "another encoding") from None
    except LookupError:
        raise InputError(path, f"unknown encoding {enc!r}") from None
    newline = line_ends(text)
    if newline == "\r" and not cr_lines:
        newline = "\n"
    if newline != "\n":
        text = text.replace(newline, "\n")
    return RawText(text, enc, bom, newline, body, stray, path)


def line_ends(text: str | bytes) -> str:
    """``\r\n`` when every line of ``text`` (a file's text or bytes) ends in CRLF, ``\r`` when
    every one ends in a lone CR (classic Mac OS: read as one line, the file would be one block to
    every rule), else ``\n``: the ends a file's text is read without and written back with."""
    cr, lf = ("\r", "\n") if isinstance(text, str) else (b"\r", b"\n")
    crlf = text.count(cr + lf)
    if crlf and crlf == text.count(lf) == text.count(cr):
        return "\r\n"
    return "\r" if cr in text and lf not in text else "\n"


def _stray_bytes(body: bytes) -> int:
    """How many invalid sequences an otherwise UTF-8 text has, or 0 when there are too many."""
    count = body.decode("utf-8", "lintnews-stray").count(STRAY) - body.count(STRAY_BYTES)
    if count <= 0 or count > _MAX_STRAY or count * _STRAY_EVERY > len(body):
        return 0
    return count


def _looks_utf16(body: bytes) -> bool:
    """Text in UTF-16 without a BOM: ASCII characters show as a NUL in every other byte."""
    if len(body) < 4 or len(body) % 2:
        return False
    sample = body[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) >= half * 0.3 and min(even, odd) <= half * 0.02


_DEVICE_READ = 1 << 20  # bytes read from a device (the null device reads none)


def read_settings_file(path: str) -> bytes:
    """A configuration's, pack's, baseline's or ignore file's bytes; raises OSError. Opened
    without waiting: a fifo no one writes to (one can come with scraped data) reads as empty
    instead of blocking the run, and `--config <(...)` is still read to its end. A device is
    read up to _DEVICE_READ bytes: /dev/zero or /dev/urandom never ends."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        if not (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)):
            return f.read()
        data = f.read(_DEVICE_READ + 1)
    if len(data) > _DEVICE_READ:
        raise OSError(errno.EFBIG, "a device that never ends, not a file")
    return data


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
