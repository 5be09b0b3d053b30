"""The Discord adapter: slash commands, buttons and DMs through discord.py 2.x."""
