"""SQLAlchemy storage of athletes, their accounts and profiles."""

# The kernel's unit of work imports this package's modules: load the kernel first.
import bot.storage  # noqa: F401
