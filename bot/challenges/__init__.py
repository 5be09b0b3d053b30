"""Group challenges: groups, boards, credits, posting places."""

# The kernel's ports facade re-exports this package's port, which imports a kernel port:
# load the facade first so that either can be imported on its own.
import bot.ports  # noqa: F401
