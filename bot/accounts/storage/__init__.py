"""SQLAlchemy storage of link codes and of an athlete's data export."""

# The kernel's unit of work imports this package's modules: load the kernel first.
import bot.storage  # noqa: F401
