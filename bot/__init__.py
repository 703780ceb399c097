"""The Telegram side: configuration, factories, routers, views and the terminal chat."""

# Printed by `python -m bot chat` before the heavy imports (aiogram alone takes seconds), so a
# newcomer sees the prompt at once; commands typed meanwhile wait in the terminal's buffer.
CHAT_BANNER = "Terminal chat with the coach. Type a command (/start, /today, /help), a button number, or /quit."
