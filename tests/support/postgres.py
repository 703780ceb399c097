"""A PostgreSQL database emptied for a run of its own (the tests' fixtures and `make bench`)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine


async def empty_postgres(url: str) -> None:
    """Drop everything in the database's public schema."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
