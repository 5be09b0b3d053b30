"""Weekly training programs: the pure generator, its service and command."""
