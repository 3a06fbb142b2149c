"""Pushing live-room changes to connected browsers (Django Channels).

Actions call ``changed(session_id, topic)`` inside their transaction; once it commits, the
room's coalescer decides when the group message goes out: at most one message per room every
``MIN_INTERVAL`` seconds, carrying every topic that changed meanwhile (a burst of 500 votes is
a handful of messages, not 500). Browsers then fetch the changed parts (rendered server-side,
escaped, per viewer). The channel layer is in memory in the embedded default and Redis when
REDIS_URL is set, so two server processes deliver to each other's clients.
"""

import asyncio
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from django.db import transaction

MIN_INTERVAL = 0.3  # seconds between two messages to one room
EPSILON = 1e-6  # clock arithmetic in floats
TOPICS = ("questions", "speakers", "presence", "notes")


def group_name(session_id: int) -> str:
    return f"hearings.live.{session_id}"


class RoomCoalescer:
    """Per-room coalescing of change notifications, with an injectable clock.

    ``offer(room, topics)`` returns the topics to send now (the room was quiet for at least
    ``interval``) or ``None`` (they are held until ``due()`` releases them at the end of the
    interval). The caller sends what it gets and calls ``due()`` when ``next_deadline()``
    arrives. No timing is hidden inside: tests drive the clock by hand.
    """

    def __init__(self, interval: float = MIN_INTERVAL, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self.last_sent: dict[Any, float] = {}
        self.pending: dict[Any, set[str]] = {}
        self.lock = threading.Lock()

    def offer(self, room: Any, topics: Iterable[str]) -> set[str] | None:
        with self.lock:
            now = self.clock()
            held = self.pending.get(room)
            if held is not None:
                held.update(topics)
                return None
            last = self.last_sent.get(room)
            if last is None or now - last >= self.interval - EPSILON:
                self.last_sent[room] = now
                return set(topics)
            self.pending[room] = set(topics)
            return None

    def due(self) -> dict[Any, set[str]]:
        """The held topics whose room may send again now (removed from the pending set)."""
        with self.lock:
            now = self.clock()
            ready = {
                room: topics
                for room, topics in self.pending.items()
                if now - self.last_sent.get(room, -self.interval) >= self.interval - EPSILON
            }
            for room in ready:
                del self.pending[room]
                self.last_sent[room] = now
            return ready

    def next_deadline(self) -> float | None:
        with self.lock:
            if not self.pending:
                return None
            return min(self.last_sent.get(room, 0.0) + self.interval for room in self.pending)


def send_now(session_id: int, topics: Iterable[str]) -> None:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "room.changed", "topics": sorted(topics)}
    async_to_sync(layer.group_send)(group_name(session_id), message)


def flush_due(room_coalescer: RoomCoalescer, send: Callable[[int, Iterable[str]], None]) -> int:
    """Send every held notification whose room may send again; returns how many went out."""
    ready = room_coalescer.due()
    for room, topics in ready.items():
        send(room, topics)
    return len(ready)


class _Flusher:
    """One daemon thread per process that sends the held notifications when they are due."""

    def __init__(self, coalescer: RoomCoalescer, send: Callable[[int, Iterable[str]], None]):
        self.coalescer = coalescer
        self.send = send
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()

    def ensure_running(self) -> None:
        with self.start_lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="live-flusher", daemon=True)
                self.thread.start()
        self.wake.set()

    def run(self) -> None:  # pragma: no cover - timing loop; the coalescer is tested directly
        while True:
            deadline = self.coalescer.next_deadline()
            timeout = None if deadline is None else max(deadline - self.coalescer.clock(), 0)
            self.wake.wait(timeout)
            self.wake.clear()
            flush_due(self.coalescer, self.send)


_server_loop: asyncio.AbstractEventLoop | None = None


def remember_server_loop() -> None:
    """Called by the consumer (in the server's event loop): the flusher thread sends through
    it, since the in-memory channel layer belongs to that loop."""
    global _server_loop
    _server_loop = asyncio.get_running_loop()


def _send_from_thread(session_id: int, topics: Iterable[str]) -> None:
    loop = _server_loop
    if loop is not None and loop.is_running():
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is not None:
            message = {"type": "room.changed", "topics": sorted(topics)}
            asyncio.run_coroutine_threadsafe(
                layer.group_send(group_name(session_id), message), loop
            )
        return
    send_now(session_id, topics)


coalescer = RoomCoalescer()
_flusher = _Flusher(coalescer, _send_from_thread)


def publish(session_id: int, topics: Iterable[str]) -> None:
    """Send now or hold for the room's next slot (called after commit)."""
    ready = _flusher.coalescer.offer(session_id, topics)
    if ready is not None:
        send_now(session_id, ready)
    else:
        _flusher.ensure_running()


def changed(session_id: int, *topics: str) -> None:
    """Announce, once the current transaction commits, that these parts of a room changed."""
    transaction.on_commit(lambda: publish(session_id, topics))
