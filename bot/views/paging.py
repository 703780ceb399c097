"""Splitting a long reply into messages that fit Telegram's 4096-character limit."""

from __future__ import annotations

from collections.abc import Iterable

MESSAGE_BUDGET = 3800  # under 4096, with room for markup


def pack(header: str, blocks: Iterable[str], budget: int = MESSAGE_BUDGET) -> list[str]:
    """Header plus blocks, whole blocks per message, as few messages as fit."""
    messages, current = [], header
    for block in blocks:
        if current and len(current) + len(block) > budget:
            messages.append(current)
            current = ""
        current += block
    messages.append(current)
    return messages
