"""``RayExecutor``: the ``Executor`` protocol on Ray actors, on this machine or on a cluster.

Each actor is one worker process holding its own state (``warm`` runs once in it, and the
``functools.cache``d coder ``fn`` builds stays there), so a model loads once per actor. ``map``
keeps at most ``workers * prefetch`` items in flight, gives each to the actor with the fewest
waiting, and yields the results in input order.

``address=None`` starts a private local Ray instance on first use: loopback only
(``127.0.0.1``), no dashboard, no usage stats, token authentication with a token kept in the
environment (never written to ``~/.ray``), and its temporary files under ``var/ray`` in the
current directory (or a short directory in ``/tmp`` when that path is too long for Ray's unix
sockets; ``temp_dir_note`` says so). ``address="auto"`` or ``"ray://host:10001"`` connects to a
running cluster. ``close()`` stops only what this executor started: its actors, and the local
instance or the connection. Ray (``pip install polevent[ray]``) is imported on first use; without
it the constructor raises ``ModelError("E206")``. Never imports spaCy.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import secrets
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Self, TypeVar

from polevent.errors import ModelError

__all__ = ["RayExecutor", "import_ray"]

T = TypeVar("T")
R = TypeVar("R")

_SOCKET_LIMIT = (104 if sys.platform == "darwin" else 108) - 1
# What Ray appends to its temp dir for its longest socket path:
# /session_2026-11-26_17-40-25_373898_<pid>/sockets/plasma_store (pid up to 7 digits, + ".N").
_SOCKET_SUFFIX = len("/session_2026-11-26_17-40-25_373898_1234567/sockets/plasma_store.9")


def import_ray() -> ModuleType:
    """The ``ray`` module; ``ModelError("E206")`` when the optional extra is not installed."""
    try:
        import ray
    except ImportError as e:
        raise ModelError("E206", f"cannot import ray: {e}") from e
    return ray


class _Worker:
    """One Ray actor: runs ``warm`` once, then each function it is given on each item."""

    def __init__(self, warm: Callable[[], object] | None) -> None:
        if warm is not None:
            warm()

    def run(self, fn: Callable[[T], R], item: T) -> R:
        return fn(item)

    def pid(self) -> int:
        return os.getpid()


def fits_sockets(temp_dir: Path) -> bool:
    """Whether Ray's unix socket paths under ``temp_dir`` stay within the OS limit."""
    return len(str(temp_dir).encode()) + _SOCKET_SUFFIX <= _SOCKET_LIMIT


class RayExecutor:
    """Runs ``fn`` on ``workers`` Ray actors; ``warm`` (picklable) runs once in each first.

    ``workers`` defaults to every core (a local instance) or every CPU of the cluster. The
    constructor checks that Ray is installed and does no other I/O; Ray starts (or is
    connected to) on the first ``map`` or ``start()``. If this process is already connected to
    Ray, that connection is used and left open. An exception in ``fn`` is raised by ``map``
    when its item's turn comes, as the exception ``fn`` raised. ``actor_cpus`` is what Ray
    reserves per actor (spaCy parses on one core); an actor that cannot get it waits.
    """

    def __init__(
        self,
        *,
        address: str | None = None,
        workers: int | None = None,
        warm: Callable[[], object] | None = None,
        prefetch: int = 2,
        temp_dir: str | Path | None = None,
        actor_cpus: float = 1.0,
    ) -> None:
        if (workers is not None and workers < 1) or prefetch < 1:
            raise ValueError(f"workers and prefetch must be at least 1, not {workers}, {prefetch}")
        if actor_cpus <= 0:
            raise ValueError(f"actor_cpus must be positive, not {actor_cpus}")
        if importlib.util.find_spec("ray") is None:
            raise ModelError("E206", "no module named ray")
        self._address = address
        self._wanted = workers
        self._warm = warm
        self._prefetch = prefetch
        self._actor_cpus = actor_cpus
        self._temp_dir, self.temp_dir_note = _temp_dir(temp_dir, local=address is None)
        self._made_temp = False
        self._actors: list[Any] | None = None
        self._owns_ray = False
        self._saved_env: dict[str, str | None] = {}

    @property
    def workers(self) -> int:
        """How many actors run at once (a cluster's CPU count needs a connection: it starts)."""
        if self._wanted is not None:
            return self._wanted
        if self._address is None and self._actors is None:
            return os.cpu_count() or 1
        return len(self.start())

    @property
    def temp_dir(self) -> Path | None:
        """Where a local instance keeps its sessions and logs (``None`` for a cluster)."""
        return self._temp_dir

    def start(self) -> list[Any]:
        """Start (or connect to) Ray and the actors, once; return the actor handles."""
        if self._actors is None:
            connected = "ray" in sys.modules and import_ray().is_initialized()
            if not connected and self._address is None:
                self._set_env(_local_env())  # before ray reads its config
            ray = import_ray()
            if not connected:
                self._init(ray)
            count = self._wanted or (
                os.cpu_count() or 1
                if self._owns_ray and self._address is None
                else max(1, int(ray.cluster_resources().get("CPU", 1)))
            )
            actor = ray.remote(num_cpus=self._actor_cpus)(_Worker)
            self._actors = [actor.remote(self._warm) for _ in range(count)]
        return self._actors

    def _init(self, ray: ModuleType) -> None:
        quiet: dict[str, Any] = {"log_to_driver": False, "configure_logging": False}
        if self._address is not None:
            ray.init(address=self._address, **quiet)
            self._owns_ray = True
            return
        if self._temp_dir is None or self.temp_dir_note is not None:
            self._temp_dir = Path(tempfile.mkdtemp(prefix="polevent-ray-", dir="/tmp"))
            self._made_temp = True
        self._temp_dir.mkdir(parents=True, exist_ok=True)
        _reload_config(ray)
        ray.init(
            address="local",
            num_cpus=self._wanted or os.cpu_count() or 1,
            include_dashboard=False,
            namespace="polevent",
            _temp_dir=str(self._temp_dir),
            _node_ip_address="127.0.0.1",
            **quiet,
        )
        self._owns_ray = True

    def _set_env(self, values: dict[str, str]) -> None:
        """Set what Ray reads from the environment (its processes inherit it); ``close``
        restores the previous values. A value the user set is kept."""
        for name, value in values.items():
            if name not in os.environ:
                self._saved_env[name] = None
                os.environ[name] = value

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        actors = self.start()
        ray = import_ray()
        function = ray.put(fn)
        waiting = [0] * len(actors)
        pending: deque[tuple[Any, int]] = deque()
        for item in items:
            index = min(range(len(actors)), key=waiting.__getitem__)
            pending.append((actors[index].run.remote(function, item), index))
            waiting[index] += 1
            if len(pending) >= len(actors) * self._prefetch:
                yield self._result(ray, pending.popleft(), waiting)
        while pending:
            yield self._result(ray, pending.popleft(), waiting)

    @staticmethod
    def _result(ray: ModuleType, entry: tuple[Any, int], waiting: list[int]) -> Any:
        ref, index = entry
        waiting[index] -= 1
        try:
            return ray.get(ref)
        except ray.exceptions.RayTaskError as e:
            cause = e.cause
            if isinstance(cause, BaseException):
                raise cause from e
            raise

    def pids(self) -> list[int]:
        """The process ids of the actors (empty before they start)."""
        if self._actors is None:
            return []
        ray = import_ray()
        return sorted(ray.get([actor.pid.remote() for actor in self._actors]))

    def close(self) -> None:
        """Stop the actors, then the local instance or connection this executor started (a
        second call does nothing)."""
        if self._actors is not None:
            ray = import_ray()
            for actor in self._actors:
                ray.kill(actor)
            self._actors = None
            if self._owns_ray:
                ray.shutdown()
                self._owns_ray = False
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}
        if self._made_temp and self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._made_temp = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _temp_dir(given: str | Path | None, *, local: bool) -> tuple[Path | None, str | None]:
    """The temp dir a local instance asks for (``var/ray`` by default) and, when its socket
    paths would be too long, the note that a short ``/tmp`` directory is used instead."""
    if not local:
        return None, None
    wanted = Path(given).resolve() if given is not None else Path.cwd() / "var" / "ray"
    if fits_sockets(wanted):
        return wanted, None
    note = f"{wanted} is too long for Ray's unix sockets; using a short directory in /tmp"
    return wanted, note


def _local_env() -> dict[str, str]:
    """Environment for a private local instance: no usage stats, and token authentication with
    this process's token kept in the environment (Ray would otherwise write
    ``~/.ray/auth_token``)."""
    return {
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN": _process_token(),
    }


@functools.cache
def _process_token() -> str:
    """One token per process: Ray caches the token it loaded, so every local instance this
    process starts uses the same one."""
    return secrets.token_hex(32)


def _reload_config(ray: ModuleType) -> None:
    """Make Ray re-read ``RAY_*`` settings from the environment (it reads them on import, which
    may have happened before ``_local_env`` was set), as ``ray.init`` does itself when it turns
    token authentication on."""
    config = getattr(getattr(ray, "_raylet", None), "Config", None)
    if config is not None:
        config.initialize("")
