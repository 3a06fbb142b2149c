"""The live room's WebSocket: presence in, change notifications out.

Writes (questions, votes, speakers list, moderation) go through ordinary POST views that call
the actions — the same path with or without JavaScript. The socket only tells the browser which
parts of the room changed (coalesced per room, see ``live``); the browser fetches those parts,
rendered for its viewer. Anonymous visitors may watch a public room; presence is recorded only
for signed-in people.
"""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import actions, live, permissions
from .models import Session


@database_sync_to_async
def _load_session(user: Any, session_id: int) -> Session | None:
    session = Session.objects.select_related("review").filter(pk=session_id).first()
    if session is None or not session.is_public:
        return None
    return session


class LiveRoomConsumer(AsyncJsonWebsocketConsumer):
    session: Session | None = None
    group: str = ""

    async def connect(self) -> None:
        live.remember_server_loop()
        user = self.scope.get("user")
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        session = await _load_session(user, session_id)
        if session is None:
            await self.close(code=4404)
            return
        self.session = session
        self.group = live.group_name(session.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        if user is not None and user.is_authenticated:
            visible = self.scope.get("query_string", b"").decode().find("visible=1") >= 0
            await database_sync_to_async(actions.do_enter_live_room)(
                user, session, self.channel_name, visible=visible
            )
        await self.send_json({"type": "hello", "topics": list(live.TOPICS)})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            user = self.scope.get("user")
            if user is not None and user.is_authenticated:
                await database_sync_to_async(actions.do_leave_live_room)(self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The socket is one-way (server → browser); a ping keeps proxies from closing it.
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def room_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "changed", "topics": event.get("topics", [])})


__all__ = ["LiveRoomConsumer", "permissions"]
