"""A process-local circuit breaker so a dead Elasticsearch does not hold workers.

After `failures` consecutive failures the circuit opens: calls are refused at
once (the database answers) for `reset_after` seconds. Then it is half-open:
one trial call goes through; success closes it, failure opens it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from django.conf import settings

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


class CircuitBreaker:
    def __init__(
        self,
        *,
        failures: int = 3,
        reset_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.failures = failures
        self.reset_after = reset_after
        self._clock = clock
        self._lock = threading.Lock()
        self._consecutive = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return CLOSED
        if self._clock() - self._opened_at >= self.reset_after:
            return HALF_OPEN
        return OPEN

    def allow(self) -> bool:
        """Whether a call may go to the cluster now."""
        with self._lock:
            state = self._state()
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._consecutive = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._consecutive += 1
            self._trial_running = False
            if self._opened_at is not None or self._consecutive >= self.failures:
                self._opened_at = self._clock()

    def reset(self) -> None:
        self.record_success()


_breakers: dict[Hashable, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(key: Hashable) -> CircuitBreaker:
    """The breaker shared by every backend talking to the same cluster."""
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(
                failures=settings.ELASTICSEARCH_CIRCUIT_FAILURES,
                reset_after=settings.ELASTICSEARCH_CIRCUIT_RESET,
            )
        return _breakers[key]


def reset_all() -> None:
    """Close every circuit (tests, and after an operator restarts the cluster)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()
