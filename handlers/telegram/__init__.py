"""The Telegram adapter (python-telegram-bot): long polling, HTML replies, inline keyboards."""
