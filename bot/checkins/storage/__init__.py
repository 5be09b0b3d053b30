"""SQLAlchemy storage of check-in schedules and check-ins."""

# The kernel's unit of work imports this package's modules: load the kernel first.
import bot.storage  # noqa: F401
