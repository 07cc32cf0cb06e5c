"""A fake Telegram Bot API server on loopback, for the tests and `teduh bench`.

It serves the methods Teduh calls, keeps the updates it is given until a getUpdates
offset confirms them (as Telegram does), records everything the bot sends, and
injects faults on demand: 5xx errors, 429 with retry_after, slow answers and
dropped connections, a refused token (401/404) and another poller (409). Nothing here
talks to the real Telegram.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

BOT_USER = {"id": 1000, "is_bot": True, "first_name": "Teduh", "username": "teduh_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
# Telegram's own descriptions for a refused token, and for getUpdates while something else gets them.
REFUSALS = {401: "Unauthorized", 404: "Not Found"}
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
JSON_FIELDS = {"chat_id", "offset", "limit", "timeout", "reply_markup", "commands", "scope", "allowed_updates",
               "message_id", "show_alert", "link_preview_options", "drop_pending_updates", "reply_parameters"}


@dataclass
class Faults:
    """Which calls fail, and how; drawn from a seeded generator so a run can be repeated."""

    methods: frozenset[str] = frozenset({"sendMessage"})
    error_rate: float = 0.0  # answer 500
    retry_after_rate: float = 0.0  # answer 429 with parameters.retry_after
    retry_after: int = 1
    drop_rate: float = 0.0  # close the connection without an answer
    delay: float = 0.0  # seconds before answering
    bad_requests: int = 0  # the next N calls answer 400, as for a message Telegram refuses
    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)


@dataclass
class Sent:
    method: str
    params: dict[str, Any]


class FakeBotApi:
    """`await FakeBotApi().start()`; then `url` is the base for TEDUH_BOT_API_URL."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[Sent] = []  # every successful call but getUpdates, in order
        self.calls: list[str] = []  # every method called, faults included
        self.faults = Faults()
        self.refuse: int | None = None  # 401 (a revoked token) or 404 (a malformed one): every call answers it
        self.conflict = False  # getUpdates answers 409, as when another process polls with this token
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._server: HTTPServer | None = None
        self.port = 0
        self.held = 0  # sendMessage calls waiting while holding
        self._release: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> FakeBotApi:
        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", _Handler, {"api": self})],
                                      log_function=lambda handler: None)  # no access log: URLs hold the token
        sockets = bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app)
        self._server.add_sockets(sockets)
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    # --- what users do -------------------------------------------------------------------

    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._ids)
        self.updates.append({"update_id": update_id, kind: payload})
        self._new_update.set()
        return update_id

    def message(self, user_id: int, text: str | None = None, *, chat_type: str = "private", chat_id: int | None = None,
                language_code: str = "id", edited: bool = False, **extra: Any) -> int:
        """A user writes (or edits) a message; `extra` adds e.g. sticker={...}."""
        chat = {"id": chat_id or user_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "A group"
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                                   "from": {"id": user_id, "is_bot": False, "first_name": "Tes",
                                            "language_code": language_code}, **extra}
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if edited:
            message["edit_date"] = int(time.time())
        return self._push("edited_message" if edited else "message", message)

    def press(self, user_id: int, data: str, *, language_code: str = "id") -> int:
        """A user presses an inline button under one of the bot's messages."""
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": user_id, "type": "private"}, "from": BOT_USER, "text": "…"}
        return self._push("callback_query", {
            "id": f"cq{next(self._ids)}", "chat_instance": "ci", "data": data, "message": message,
            "from": {"id": user_id, "is_bot": False, "first_name": "Tes", "language_code": language_code}})

    def channel_post(self, text: str) -> int:
        return self._push("channel_post", {"message_id": next(self._message_ids), "date": int(time.time()),
                                           "chat": {"id": -1001, "type": "channel", "title": "News"}, "text": text})

    def hold(self) -> None:
        """From now on sendMessage calls wait, unrecorded, until `release` (to freeze a bot mid-run)."""
        self._release = asyncio.Event()

    def release(self) -> None:
        """Held calls fail with 500 and are never recorded, as if they had not reached Telegram."""
        if self._release is not None:
            self._release.set()
            self._release = None

    # --- what the bot did ----------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [s.params for s in self.sent if s.method == "sendMessage" and s.params.get("chat_id") == chat_id]

    async def wait_for(self, predicate: Any, timeout: float = 60.0) -> None:
        """Wait until `predicate()` holds; TimeoutError with what was sent otherwise."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s; {len(self.sent)} calls recorded, "
                                   f"{len(self.updates)} updates unconfirmed")
            await asyncio.sleep(0.02)

    # --- the Bot API ---------------------------------------------------------------------

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        if offset is not None:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]  # confirmed
        limit = min(int(params.get("limit") or 100), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self.updates and time.monotonic() < deadline:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return self.updates[:limit]

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        self.sent.append(Sent(method, params))
        if method in ("sendMessage", "editMessageText"):
            return {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                    "chat": {"id": params.get("chat_id"), "type": "private"}, "text": params.get("text", "")}
        if method == "getMe":
            return BOT_USER
        if method in ("answerCallbackQuery", "setMyCommands", "deleteWebhook", "setWebhook", "deleteMyCommands",
                      "editMessageReplyMarkup", "sendChatAction"):
            return True
        raise KeyError(method)


class _Handler(tornado.web.RequestHandler):
    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    def _params(self) -> dict[str, Any]:
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(self.request.body or b"{}")
        raw = {k: self.get_body_argument(k) for k in self.request.body_arguments}
        raw.update({k: self.get_query_argument(k) for k in self.request.query_arguments})
        return {k: json.loads(v) if k in JSON_FIELDS else v for k, v in raw.items()}

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    async def post(self, token: str, method: str) -> None:
        api = self.api
        api.calls.append(method)
        if token != api.token or api.refuse is not None:
            code = api.refuse or 401
            return self._reply(code, {"ok": False, "error_code": code, "description": REFUSALS[code]})
        if method == "getUpdates" and api.conflict:
            return self._reply(409, {"ok": False, "error_code": 409, "description": CONFLICT})
        params = self._params()
        if method == "sendMessage" and api._release is not None:
            api.held += 1
            await api._release.wait()
            api.held -= 1
            return self._reply(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
        faults = api.faults
        if method in faults.methods:
            if faults.delay:
                await asyncio.sleep(faults.delay)
            if faults.bad_requests > 0:
                faults.bad_requests -= 1
                return self._reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: test fault"})
            roll = faults.rng.random()
            if roll < faults.drop_rate:
                self.request.connection.detach().close()  # type: ignore[attr-defined]
                return None
            if roll < faults.drop_rate + faults.error_rate:
                return self._reply(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
            if roll < faults.drop_rate + faults.error_rate + faults.retry_after_rate:
                return self._reply(429, {"ok": False, "error_code": 429, "parameters": {
                    "retry_after": faults.retry_after}, "description": "Too Many Requests: retry later"})
        if method == "getUpdates":
            return self._reply(200, {"ok": True, "result": await api.get_updates(params)})
        try:
            result = api.answer(method, params)
        except KeyError:
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
        return self._reply(200, {"ok": True, "result": result})

    get = post
