"""Ids travel inside callback data (64 bytes in all), so they are kept short and plain."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_MAX = 48
