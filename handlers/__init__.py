"""Platform adapters: translate platform events to the core and replies back."""
