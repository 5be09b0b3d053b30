"""The per-process HTTP server: health, readiness, Prometheus metrics and webhook routes."""
