"""Reading a text file a person hands in: UTF-8, bounded, every fault named by its line."""

from __future__ import annotations

from microstep.errors import InvalidInput

MAX_FILE_BYTES = 50 * 1024 * 1024  # beyond this a personal tool is being fed the wrong file


def decode_text(data: bytes, *, name: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text; refuses a huge file, a binary one and one that is not UTF-8."""
    if len(data) > max_bytes:
        raise InvalidInput(
            f"{name} is {len(data) / 1e6:.0f} MB; the most I read is {max_bytes / 1e6:.0f} MB: "
            "split it into smaller files."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name} line {line} is not UTF-8 text: save the file as UTF-8 and try again."
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidInput(f"{name} line {line} holds a NUL byte: is it a binary file?")
    return text


def text_lines(data: bytes, *, name: str, max_bytes: int = MAX_FILE_BYTES) -> list[str]:
    """One entry per line (the final newline ends a line, it does not start one)."""
    text = decode_text(data, name=name, max_bytes=max_bytes)
    return text.splitlines()
