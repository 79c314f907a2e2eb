"""Run every benchmark script in bench/ (each prints JSON lines) and print a machine line first.

Usage: scripts/with-postgres.sh .venv/bin/python bench/run_all.py   (what `make bench` does)
"""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> dict:
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        pass
    return {
        "name": "machine",
        "cpus": os.cpu_count(),
        "mem_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1],
        "scale": os.environ.get("BENCH_SCALE", "full"),
    }


def main() -> int:
    print(json.dumps(machine(), ensure_ascii=False), flush=True)
    only = sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name.startswith("_") or script.name == "run_all.py":
            continue
        if only and script.stem not in only:
            continue
        print(f"bench: {script.name}", file=sys.stderr, flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
