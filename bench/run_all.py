"""Run every benchmark in turn: ``python -m bench.run_all [--quick] [--output FILE]``.

Each script prints ``figure = value (baseline value, ratio)`` lines; this prints them
under a heading per script, with the date, the machine and the command first, and,
with ``--output``, writes the same text to a file. ``--quick`` is passed to every
script that takes it (fewer repetitions). The exit code is 1 if any script failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = (
    "startup.py",
    "first_paint.py",
    "highlights.py",
    "book.py",
    "entity_f1.py",
    "nlp_equivalence.py",
    "lookup_requests.py",
    "large_input.py",
    "mentions.py",
    "huge_line.py",
    "history.py",
    "xray.py",
)
"""In this order; scripts that do not exist (yet) are skipped with a note."""


def main() -> int:
    """Run the scripts; print (and write) their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--output", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    lines: list[str] = []

    def emit(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    emit(f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    emit(f"command: {shlex.join([os.path.relpath(sys.executable), *sys.argv])}")
    emit(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    failed = []
    for name in SCRIPTS:
        script = BENCH / name
        emit(f"\n## {name}")
        if not script.exists():
            emit("(not present)")
            continue
        quick = args.quick and "--quick" in script.read_text(encoding="utf-8")
        module = f"bench.{script.stem}"
        command = [sys.executable, "-m", module, *(["--quick"] if quick else [])]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=BENCH.parent, stdout=subprocess.PIPE, text=True)
        for line in result.stdout.splitlines():
            emit(line)
        emit(
            f"({name} took {time.perf_counter() - started:.0f} s"
            + (f"; FAILED with exit code {result.returncode})" if result.returncode else ")")
        )
        if result.returncode:
            failed.append(name)
    if failed:
        emit(f"\nfailed: {', '.join(failed)}")
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
