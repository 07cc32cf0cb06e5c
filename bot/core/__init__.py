"""The dialogue core: messages in, replies out. Imports neither Telegram nor the database."""
