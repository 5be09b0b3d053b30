"""Accounts: linking platforms, privacy (mydata, forget), reachability."""
