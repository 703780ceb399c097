"""Render the course's small prose markup into Telegram HTML.

Supported: **bold**, _italic_, `inline code`, fenced ``` blocks (monospace), and lines that start
with "- " as bullets. Everything else is escaped, so a stray "<" in a lesson can never break a
message or inject markup.
"""

from __future__ import annotations

import html
import re

FENCE = "```"
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![\w])_(?P<italic>[^_\n]+?)_(?![\w])"
)


class MarkupError(ValueError):
    """Prose that cannot be rendered, e.g. a fenced block that never closes."""


def render_inline(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        if match.group("code") is not None:
            out.append(f"<code>{html.escape(match.group('code'), quote=False)}</code>")
        elif match.group("bold") is not None:
            out.append(f"<b>{html.escape(match.group('bold'), quote=False)}</b>")
        else:
            out.append(f"<i>{html.escape(match.group('italic'), quote=False)}</i>")
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def _render_line(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("- "):
        indent = "  " * ((len(line) - len(stripped)) // 2)
        return f"{indent}• {render_inline(stripped[2:])}"
    return render_inline(line)


def render(text: str) -> str:
    """Turn one prose part into Telegram HTML."""
    lines = text.strip("\n").split("\n")
    out: list[str] = []
    block: list[str] | None = None
    for line in lines:
        if line.strip().startswith(FENCE):
            if block is None:
                block = []
            else:
                out.append("<pre>" + html.escape("\n".join(block), quote=False) + "</pre>")
                block = None
            continue
        if block is not None:
            block.append(line.rstrip())
        else:
            out.append(_render_line(line.rstrip()))
    if block is not None:
        raise MarkupError("a ``` block is opened but never closed")
    return "\n".join(out).strip()


def visible_length(rendered_html: str) -> int:
    """Length Telegram counts against its 4096 limit: the text after entity parsing."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", rendered_html)))
