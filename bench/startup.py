"""Target 5 (startup work): ``reader --help`` beside ``python -c pass`` and ``import textual``.

Wall time of each command, from start to exit, interleaved, medians. Then, for the
record, what each module on the way to the first paint costs to import in a fresh
interpreter (``reader.documents`` and ``reader.lookup.service`` are imported before
the app's first frame; Textual's own import is in the bare app too). Usage:
``python -m bench.startup [--runs N] [--quick]``.
"""

from __future__ import annotations

import subprocess

from bench._harness import PYTHON, READER, ROOT, arguments, median, note, report, spread, wall_time

MODULES = (
    "reader.cli",
    "reader.documents",
    "reader.lookup.service",
    "reader.nlp.stream",
    "reader.ui.app",
    "textual.app",
)
"""Modules imported by ``reader SOURCE`` before the first frame."""

_IMPORT_TIME = (
    "import sys, time; t = time.perf_counter(); __import__(sys.argv[1]); "
    "print(time.perf_counter() - t)"
)


def import_time(module: str) -> float:
    """Seconds to import ``module`` (and what it imports) in a fresh interpreter."""
    output = subprocess.run(
        [PYTHON, "-c", _IMPORT_TIME, module], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return float(output)


def main() -> int:
    """Time the commands and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=11, quick_runs=5)
    commands = {
        "reader_help": [READER, "--help"],
        "python_pass": [PYTHON, "-c", "pass"],
        "python_import_textual": [PYTHON, "-c", "import textual"],
        "python_import_textual_app": [PYTHON, "-c", "import textual.app"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    imports: dict[str, list[float]] = {module: [] for module in MODULES}
    for name in commands:  # warm the disk cache
        wall_time(commands[name])
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(wall_time(argv))
        for module in MODULES:
            imports[module].append(import_time(module))

    help_time = median(times["reader_help"])
    report("startup_reader_help", help_time, "python_c_pass", median(times["python_pass"]))
    report(
        "startup_reader_help_vs_import_textual",
        help_time,
        "python_import_textual",
        median(times["python_import_textual"]),
    )
    report(
        "startup_import_textual_app",
        median(times["python_import_textual_app"]),
        "python_c_pass",
        median(times["python_pass"]),
    )
    for module in MODULES:
        note(
            f"import_{module}",
            f"{median(imports[module]) * 1000:.1f} ms "
            f"(fresh interpreter, everything it imports included)",
        )
    note("startup_runs", "; ".join(f"{k} {spread(v)}" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
