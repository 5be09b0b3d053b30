"""The console adapter: interactive chat and the one-shot `ask` / `program` commands."""
