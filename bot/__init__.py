"""The Telegram side: configuration, factories, routers, views and the terminal chat."""
