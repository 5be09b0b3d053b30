"""The training log: logged lifts and the `log` command."""
