"""Channels: adapters that carry the conversations to a platform (Telegram, the terminal, a Rasa assistant), and what they share: the service, rendering, flood control, reload, log safety."""
