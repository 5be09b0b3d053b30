"""SQL storage of the training log."""
