"""Port of per-user ordering shared by every process of a fleet."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol


class UserLocks(Protocol):
    """One lock per user, held across processes (webhooks behind a load balancer)."""

    def hold(self, key: int) -> AbstractAsyncContextManager[None]:
        """Wait until no process holds `key`, then hold it for the block."""
        ...

    async def close(self) -> None:
        """Release the connections the locks use."""
        ...
