"""Application services: one per feature, each raising typed errors with user-safe text."""
