"""aiogram runs a synchronous filter or handler in a worker thread for every update it sees
(bot.filters): none of ours may be synchronous."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import build_root_router


def _walk(router: Router) -> list[tuple[str, object, bool]]:
    found = []
    for name, observer in router.observers.items():
        for handler in observer.handlers:
            found.append((f"{router.name}.{name} handler {handler.callback!r}", handler.callback, handler.awaitable))
            for event_filter in handler.filters or []:
                found.append((f"{router.name}.{name} filter {event_filter.callback!r}", event_filter.callback,
                              event_filter.awaitable))
        for event_filter in observer._handler.filters or []:
            found.append((f"{router.name}.{name} router filter", event_filter.callback, event_filter.awaitable))
    for child in router.sub_routers:
        found.extend(_walk(child))
    return found


def test_every_filter_and_handler_runs_on_the_event_loop() -> None:
    callables = _walk(build_root_router())
    assert len(callables) > 50
    synchronous = [where for where, _, awaitable in callables if not awaitable]
    assert synchronous == []
