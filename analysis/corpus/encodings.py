"""Reading bytes as text: UTF-8, UTF-16 with a byte order mark, else a detected encoding, with
a note when the encoding had to be guessed or characters replaced; binary data is skipped."""

from __future__ import annotations

from dataclasses import dataclass


class SkippedFile(Exception):
    """Raised inside the loader for a file that is skipped with a warning."""


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, and how: ``note`` says what was guessed or replaced, or None."""

    text: str
    encoding: str
    note: str | None = None


def decode_text(data: bytes) -> str:
    """Decode file bytes to text (see :func:`decode_bytes`); raises SkippedFile for binary data."""
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> DecodedText:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected.

    Text that is not UTF-8 (cp1252, latin-1 and the like) is decoded with the encoding
    charset-normalizer finds most likely; cp1252 is preferred to latin-1 because it is a
    superset for printable text. UTF-8 text with a few invalid bytes (a truncated or
    spliced file) stays UTF-8, the bad bytes replaced by U+FFFD. ``note`` says when the
    encoding was guessed or bytes were replaced. Raises SkippedFile for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise SkippedFile(f"invalid UTF-16 text ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise SkippedFile("binary file (contains NUL bytes), not text")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
    valid_non_ascii = non_ascii - replaced.count("\ufffd")
    if valid_non_ascii > bad:
        # Mostly UTF-8: a cp1252 or latin-1 text almost never forms valid multi-byte sequences.
        if _looks_binary(replaced):
            raise SkippedFile("binary file (mostly control characters), not text")
        return DecodedText(replaced, "utf-8", f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    encoding = best.encoding if best is not None else None
    # Detectors cannot tell the Latin-alphabet code pages apart on short texts (they read
    # latin-1 "à" as cp1250 "ŕ"); news in those is overwhelmingly cp1252 or latin-1, which
    # cp1252 decodes alike for letters. Only a non-Latin guess (Cyrillic, Greek, Arabic) is
    # trusted.
    if encoding is None or encoding in _LATIN_CODE_PAGES:
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # Every byte is valid latin-1, so this cannot fail; it keeps the text rather than lose it.
        encoding = "latin-1"
        text = data.decode("latin-1")
    if _looks_binary(text):
        raise SkippedFile("binary file (mostly control characters), not text")
    return DecodedText(text, encoding, f"not UTF-8: read as {encoding}")


_LATIN_CODE_PAGES = {
    "ascii", "latin_1", "cp1250", "cp1252", "cp1254", "cp1257", "cp850", "cp858", "mac_roman",
    "mac_latin2", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
    "iso8859_14", "iso8859_15", "iso8859_16",
}


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    return control / len(sample) > 0.05


def normalise_newlines(text: str) -> str:
    """Turn Windows and old Mac line endings into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
