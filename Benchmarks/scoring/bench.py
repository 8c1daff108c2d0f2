"""The scoring benchmark: `assess score` against pandas and polars on the same file.

Makes the data when missing (assess simulate, 150,000 subjects, about 1,000,000 responses), installs
pandas and polars with pip when they are missing, runs each job, and prints wall time, throughput
and peak memory (of the process and its children) in a table. Run by `make bench`.
"""
import os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASSESS = os.path.join(ROOT, ".build", "release", "assess")
INSTRUMENT = os.path.join(ROOT, "Benchmarks", "instruments", "bench-50")
WORK = os.path.join(ROOT, ".build", "bench")
DATA = os.path.join(WORK, "bench-1m.csv")


def run(command):
    """Wall seconds and peak RSS (MB) of a command."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    error = process.stderr.read().decode()
    if status != 0:
        sys.exit(f"{command[0]} failed: {error}")
    return wall, usage.ru_maxrss / 1024


def ensure_peers():
    missing = [name for name in ("pandas", "polars") if subprocess.call([sys.executable, "-c", f"import {name}"],
                                                                       stderr=subprocess.DEVNULL) != 0]
    if missing:
        print(f"==> installing {', '.join(missing)}", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *missing])


def main():
    os.makedirs(WORK, exist_ok=True)
    if not os.path.exists(DATA):
        print("==> making 1,000,000 responses (assess simulate)", flush=True)
        subprocess.check_call([ASSESS, "simulate", INSTRUMENT, "--subjects", "150000", "--seed", "1", "--out", DATA])
    rows = sum(1 for _ in open(DATA)) - 1
    size = os.path.getsize(DATA) / 1e6
    ensure_peers()
    jobs = [
        ("AssessKit (scale-scores in the sandbox, 2 threads)",
         [ASSESS, "score", INSTRUMENT, DATA, "--format", "csv", "--out", os.path.join(WORK, "assess.csv")]),
        ("pandas", [sys.executable, os.path.join(ROOT, "Benchmarks", "scoring", "peers.py"), "pandas", DATA, os.path.join(WORK, "pandas.csv")]),
        ("polars", [sys.executable, os.path.join(ROOT, "Benchmarks", "scoring", "peers.py"), "polars", DATA, os.path.join(WORK, "polars.csv")]),
    ]
    results = [(name, *run(command)) for name, command in jobs]
    print(f"\nscoring {rows:,} responses ({size:.0f} MB), 10 dimensions x 5 items, every fifth reverse-keyed")
    print(f"| {'job':<52} | {'wall':>8} | {'responses/s':>12} | {'peak RSS':>9} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 14}|{'-' * 11}|")
    for name, wall, rss in results:
        print(f"| {name:<52} | {wall:>7.2f}s | {rows / wall:>12,.0f} | {rss:>6.0f} MB |")
    assess_wall, polars_wall = results[0][1], results[2][1]
    print(f"\nAssessKit / polars: {assess_wall / polars_wall:.1f}x (target <= 1.0); "
          f"peak memory target < 200 MB: {'met' if results[0][2] < 200 else 'missed'}")


if __name__ == "__main__":
    main()
