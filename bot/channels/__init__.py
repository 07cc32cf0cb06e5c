"""Channels: adapters that carry the conversations to a messaging platform."""
