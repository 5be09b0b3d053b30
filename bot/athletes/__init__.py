"""Athletes: who sent a message, their training profile and its command."""
