"""Check-ins: schedules, the dispatcher, answers, weekly summaries."""
