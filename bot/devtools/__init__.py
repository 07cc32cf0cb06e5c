"""Development tools: the benchmark, a fake Telegram Bot API and a bare echo bot to compare against."""
