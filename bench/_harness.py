"""Shared helpers for the benchmarks: a real terminal (tmux), timing, memory, reporting.

Every figure is printed as ``figure = value (baseline value, ratio)``; both sides are
measured in the same run, as medians, because these machines are noisy.

The terminal is a private tmux server (its own socket, killed on exit), so the
benchmarks never touch anyone else's sessions. Each app runs in its own detached
session of 160x50; the screen is read by polling ``tmux capture-pane -p``.
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""

# reader is installed editable, so its bytecode is written on first import, unless
# PYTHONDONTWRITEBYTECODE is set (as on these machines): then every run would compile
# the package again. Compile it now, as pip does for an installed package.
compileall.compile_dir(ROOT / "reader", quiet=1)

BENCH = ROOT / "bench"
PYTHON = sys.executable
"""The interpreter running the benchmark: the venv's, which also runs ``reader``."""

READER = str(Path(sys.executable).parent / "reader")
"""The installed ``reader`` command beside that interpreter."""

WIDTH, HEIGHT = 160, 50
POLL = 0.01
"""Seconds between two screen captures while waiting (at first; see ``RESOLUTION``)."""

RESOLUTION = 0.01
"""While waiting, captures come every ``RESOLUTION`` of the time waited so far (at least
``POLL``): each capture runs a tmux client, and polling a 25 s wait every 10 ms would
take CPU from the program being measured on a two-core machine."""

KEY_POLL = 0.003
"""Seconds between two captures while timing a key (finer: key latencies are short)."""


# ---------------------------------------------------------------------- reporting


def median(values: Sequence[float]) -> float:
    """The median of ``values`` (``nan`` when empty)."""
    return statistics.median(values) if values else float("nan")


def show(value: float, unit: str) -> str:
    """``value`` with its unit: seconds as s or ms, bytes as MB, ratios and counts plain."""
    if value != value:  # nan
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.3f} s"
    if unit == "MB":
        return f"{value / 1e6:.0f} MB"
    return f"{value:g} {unit}".rstrip()


def report(
    figure: str,
    value: float,
    baseline_name: str,
    baseline: float,
    *,
    unit: str = "s",
    target: float | None = None,
) -> float:
    """Print ``figure = value (baseline_name baseline, ratio[; target])``; return the ratio."""
    ratio = value / baseline if baseline and baseline == baseline else float("nan")
    verdict = ""
    if target is not None:
        met = "met" if ratio <= target else "MISSED"
        verdict = f"; target <= {target:g}x: {met}"
    print(
        f"{figure} = {show(value, unit)} ({baseline_name} {show(baseline, unit)}, "
        f"{ratio:.2f}x{verdict})",
        flush=True,
    )
    return ratio


def note(figure: str, value: str) -> None:
    """Print a figure that has no baseline (a count, a check, a configuration)."""
    print(f"{figure} = {value}", flush=True)


def spread(values: Sequence[float], unit: str = "s") -> str:
    """The runs behind a median, for the record: ``[a, b, c]``."""
    return "[" + ", ".join(show(v, unit) for v in values) + "]"


def note_paired(figure: str, values: Sequence[float], baselines: Sequence[float]) -> None:
    """Print the median of per-round ratios ``values[i] / baselines[i]``.

    Both sides of a round are timed seconds apart, so the machine's drift between rounds
    cancels: a steadier view of the same comparison as the ratio of medians.
    """
    ratios = [value / baseline for value, baseline in zip(values, baselines, strict=True)]
    note(
        figure,
        f"{median(ratios):.2f}x (median of the {len(ratios)} per-round ratios; "
        f"spread {min(ratios):.2f}x to {max(ratios):.2f}x)",
    )


def arguments(description: str, runs: int, quick_runs: int) -> argparse.Namespace:
    """The command line every bench script shares: ``--runs N`` and ``--quick``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help=f"repetitions per figure (default {runs}; {quick_runs} with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    if args.runs is None:
        args.runs = quick_runs if args.quick else runs
    return args


# ---------------------------------------------------------------------- environment


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as name:
        yield Path(name)


def app_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for every app run: offline, a private cache, nothing from the network,
    and the reading history (kept, as by default) inside the cache, not in the user's."""
    return {
        "READER_OFFLINE": "1",
        "READER_CACHE_DIR": str(cache_dir),
        "XDG_DATA_HOME": str(cache_dir / "data"),
        "READER_WIKI_API": "http://127.0.0.1:9/w/api.php",
        **extra,
    }


# ---------------------------------------------------------------------- processes


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children = _children_map()
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, ()))
    return tree


def rss(pid: int) -> int:
    """Resident memory of one process in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, summed, in bytes."""
    return sum(rss(p) for p in process_tree(pid))


class PeakMemory:
    """Polls the summed VmRSS of a process tree in a thread; ``peak`` is the highest seen.

    Use as a context manager around the work to watch.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.largest_tree = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            tree = process_tree(self.pid)
            self.largest_tree = max(self.largest_tree, len(tree))
            self.peak = max(self.peak, sum(rss(p) for p in tree))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def time_until_line(
    argv: Sequence[str], marker: str, *, env: Mapping[str, str] | None = None, timeout: float = 600
) -> tuple[float, str]:
    """Run ``argv``; seconds from its start until it prints a line starting with ``marker``.

    Returns:
        ``(seconds, that line)``. The process is then left to finish (and waited for).

    Raises:
        RuntimeError: The process ended (or timed out) without printing the marker.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        for line in process.stdout:
            if line.startswith(marker):
                elapsed = time.perf_counter() - started
                process.communicate()
                return elapsed, line.rstrip("\n")
        _, error = process.communicate()
        raise RuntimeError(f"{argv[:3]} ended without {marker!r}: {error.strip()[-600:]}")
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()


def wall_time(argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> float:
    """Seconds from starting ``argv`` until it exits (output discarded; must succeed)."""
    started = time.perf_counter()
    subprocess.run(
        list(argv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - started


# ---------------------------------------------------------------------- terminal


class ScreenTimeout(RuntimeError):
    """The screen did not reach the awaited state in time."""


@dataclass
class Pane:
    """One program running in a detached tmux session of the bench's private server."""

    terminal: Terminal
    name: str
    started: float
    """``perf_counter()`` just before the session was created."""
    pid: int = field(default=0)

    def capture(self, *, escapes: bool = False) -> str:
        """The visible screen as text (with colour escapes when ``escapes``)."""
        flags = ["-p", "-e"] if escapes else ["-p"]
        return self.terminal.tmux("capture-pane", *flags, "-t", self.name)

    def lines(self, *, escapes: bool = False) -> list[str]:
        """The visible screen, one string per row."""
        return self.capture(escapes=escapes).split("\n")

    def wait_for(
        self,
        predicate: Callable[[str], bool],
        *,
        timeout: float = 120,
        escapes: bool = False,
        interval: float | None = None,
        since: float | None = None,
    ) -> float:
        """Poll the screen until ``predicate(screen)``; seconds since ``since`` (default: launch).

        ``interval`` fixes the time between captures; by default it grows with the wait
        (``RESOLUTION``).

        Raises:
            ScreenTimeout: ``timeout`` passed first (the last screen is in the message).
        """
        origin = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.capture(escapes=escapes)
            now = time.perf_counter()
            if predicate(screen):
                return now - origin
            if dead(screen):
                raise RuntimeError(f"{self.name} exited:\n{screen.rstrip()[-2500:]}")
            if now > deadline:
                raise ScreenTimeout(
                    f"{self.name}: gave up after {timeout:g} s; screen:\n"
                    + self.capture().rstrip()[-2500:]
                )
            time.sleep(interval or max(POLL, RESOLUTION * (now - origin)))

    def wait_text(self, text: str, **kwargs: float) -> float:
        """:meth:`wait_for` until ``text`` is on screen."""
        return self.wait_for(lambda screen: text in screen, **kwargs)

    def wait_stable(self, quiet: float = 0.3, *, timeout: float = 30, escapes: bool = True) -> str:
        """Wait until the screen has not changed for ``quiet`` seconds; return it."""
        deadline = time.perf_counter() + timeout
        last, since = self.capture(escapes=escapes), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(POLL)
            screen = self.capture(escapes=escapes)
            if screen != last:
                last, since = screen, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return screen
        return last

    def press(
        self,
        key: str,
        *,
        view: Callable[[list[str]], list[str]] = lambda rows: rows,
        timeout: float = 10,
    ) -> float:
        """Send ``key``; seconds until ``view(rows)`` of the (coloured) screen changes."""
        before = view(self.lines(escapes=True))
        started = time.perf_counter()
        self.terminal.tmux("send-keys", "-t", self.name, key)
        return self.wait_for(
            lambda screen: view(screen.split("\n")) != before,
            timeout=timeout,
            escapes=True,
            interval=KEY_POLL,
            since=started,
        )

    def kill(self) -> None:
        """End the session and, to be sure, every process it started."""
        tree = process_tree(self.pid) if self.pid else []
        self.terminal.tmux("kill-session", "-t", self.name, check=False)
        for pid in tree:
            with suppress(OSError):
                os.kill(pid, 9)


class Terminal:
    """A private tmux server (socket named after this process); use as a context manager."""

    _names = itertools.count(1)

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.width, self.height = width, height
        self.socket = f"reader-bench-{os.getpid()}"
        self._panes: list[Pane] = []

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this server; its stdout."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])}: {result.stderr.strip()}")
        return result.stdout

    def __enter__(self) -> Terminal:
        # A keeper session holds the server up, so launches do not pay for starting it.
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "keeper",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "sleep 86400",
        )
        self.tmux("set-option", "-g", "status", "off")
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self._socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()
        return self

    def __exit__(self, *exc: object) -> None:
        for pane in self._panes:
            pane.kill()
        self.tmux("kill-server", check=False)
        with suppress(OSError):
            os.unlink(self._socket_path)

    def launch(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> Pane:
        """Start ``argv`` (with ``env`` added) in a new detached session of the terminal's size."""
        name = f"b{os.getpid()}-{next(self._names)}"
        assignments = [f"{key}={value}" for key, value in (env or {}).items()]
        command = shlex.join(
            ["env", "TERM=tmux-256color", "COLORTERM=truecolor", *assignments, *argv]
        )
        started = time.perf_counter()
        self.tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "-c",
            str(ROOT),
            command,
        )
        pane = Pane(self, name, started)
        pane.pid = int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        self._panes.append(pane)
        return pane

    @contextmanager
    def running(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> Iterator[Pane]:
        """:meth:`launch`, then kill the session (and its processes) however the block ends."""
        pane = self.launch(argv, env)
        try:
            yield pane
        finally:
            pane.kill()
            self._panes.remove(pane)


def dead(screen: str) -> bool:
    """Whether tmux reports the pane's program as exited (``remain-on-exit``)."""
    return "Pane is dead" in screen


def fail_if_dead(pane: Pane) -> None:
    """Raise with the screen when the program in ``pane`` has exited."""
    screen = pane.capture()
    if dead(screen):
        raise RuntimeError(f"{pane.name} exited:\n{screen.rstrip()[-2500:]}")


def say(message: str) -> None:
    """Progress on stderr, so that stdout holds only figures."""
    print(f"  .. {message}", file=sys.stderr, flush=True)
