"""Response ids -> one reply: rendered text, buttons, and a crisis route whenever risk is in play."""

from __future__ import annotations

from dataclasses import replace

from bot.core import policy
from bot.core.messages import Button, Reply, UserState
from bot.library.catalogs import Catalogs
from bot.library.content import Library
from bot.nlu.risk import Risk


class Composer:
    def __init__(self, library: Library, catalogs: Catalogs, *, stores: bool) -> None:
        self.library, self.catalogs, self.stores = library, catalogs, stores

    def answer_id(self, intent: str) -> str:
        """The response that answers `intent`, or "not understood"."""
        response = self.library.for_intent(intent)
        return response.id if response else policy.NOT_UNDERSTOOD

    def compose(self, ids: list[str], lang: str, intent: str | None, risk: Risk, state: UserState,
                lead: str | None = None, buttons_from: str | None = None,
                routes: bool = False) -> tuple[Reply, UserState]:
        """Render responses into one reply; the first response's links (or `buttons_from`'s) are its buttons.
        A reply to risk, or with `routes`, names at least one crisis route. The new state waits for the first
        response's question, if it asks one."""
        lib = self.library
        if (risk.any or routes) and not any(lib.hotline_ids(rid) for rid in ids):
            ids.append(self.answer_id("hotlines"))  # safety net: never a risk reply without routes
        parts = ([lead] if lead else []) + [lib.render(rid, lang, self._ui(lang)) for rid in ids]
        main = lib.responses[ids[0]]
        targets = lib.responses[buttons_from].shown if buttons_from else main.shown
        buttons = tuple(Button(lib.responses[t].title[lang], t) for t in targets if t in lib.responses)
        reply = Reply("\n\n".join(parts), buttons, lang, intent, risk.level, tuple(ids))
        return reply, replace(state, last_language=lang, pending=main.id if main.answers else None)

    def _ui(self, lang: str) -> dict[str, str]:
        """The channel's own wording for `{ui:NAME}` placeholders (policy.UI_PLACEHOLDERS)."""
        _ = self.catalogs.for_lang(lang).gettext
        if self.stores:
            privacy = _("Privacy: I don't store what you write. Type /privacy for the details, or /delete to "
                        "erase your data.")
        else:
            privacy = _("Privacy: Teduh itself keeps nothing about this chat; the assistant you are talking to "
                        "keeps the conversation.")
        return {"privacy_commands": privacy}
