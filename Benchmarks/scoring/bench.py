"""The scoring benchmark: `assess score` against pandas and polars on the same file.

Makes the data when missing (assess simulate, 150,000 subjects, about 1,000,000 responses), installs
pandas and polars with pip when they are missing, runs each job, and prints wall time, throughput
CPU time (user + sys) and peak memory (of the process and its children) in a table, with
AssessKit's time by stage (ASSESS_PROFILE=1) and its peak memory at 100k rows as well. Run by
`make bench`.
"""
import os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASSESS = os.path.join(ROOT, ".build", "release", "assess")
INSTRUMENT = os.path.join(ROOT, "Benchmarks", "instruments", "bench-50")
WORK = os.path.join(ROOT, ".build", "bench")
DATA = os.path.join(WORK, "bench-1m.csv")
SMALL = os.path.join(WORK, "bench-100k.csv")


def run(command, env=None):
    """Wall seconds, CPU seconds (user + sys), peak RSS (MB) and standard error of a command."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=None if env is None else {**os.environ, **env})
    error = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"{command[0]} failed: {error}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, error


def make(path, subjects):
    if not os.path.exists(path):
        print(f"==> making {subjects:,} subjects' responses (assess simulate)", flush=True)
        subprocess.check_call([ASSESS, "simulate", INSTRUMENT, "--subjects", str(subjects), "--seed", "1", "--out", path])


def ensure_peers():
    missing = [name for name in ("pandas", "polars") if subprocess.call([sys.executable, "-c", f"import {name}"],
                                                                       stderr=subprocess.DEVNULL) != 0]
    if missing:
        print(f"==> installing {', '.join(missing)}", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *missing])


def main():
    os.makedirs(WORK, exist_ok=True)
    make(DATA, 150000)
    make(SMALL, 15000)
    rows = sum(1 for _ in open(DATA)) - 1
    size = os.path.getsize(DATA) / 1e6
    ensure_peers()
    jobs = [
        ("AssessKit (scale-scores in the sandbox, 3 threads on 2 cores)",
         [ASSESS, "score", INSTRUMENT, DATA, "--format", "csv", "--out", os.path.join(WORK, "assess.csv")]),
        ("pandas", [sys.executable, os.path.join(ROOT, "Benchmarks", "scoring", "peers.py"), "pandas", DATA, os.path.join(WORK, "pandas.csv")]),
        ("polars", [sys.executable, os.path.join(ROOT, "Benchmarks", "scoring", "peers.py"), "polars", DATA, os.path.join(WORK, "polars.csv")]),
    ]
    # AssessKit prints its time by stage when ASSESS_PROFILE is set (a few clock reads per subject).
    results = [(name, *run(command, env={"ASSESS_PROFILE": "1"} if index == 0 else None))
               for index, (name, command) in enumerate(jobs)]
    small = run([ASSESS, "score", INSTRUMENT, SMALL, "--format", "csv", "--out", os.path.join(WORK, "assess-small.csv")])
    print(f"\nscoring {rows:,} responses ({size:.0f} MB), 10 dimensions x 5 items, every fifth reverse-keyed")
    print(f"| {'job':<52} | {'wall':>8} | {'CPU':>8} | {'responses/s':>12} | {'peak RSS':>9} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 10}|{'-' * 14}|{'-' * 11}|")
    for name, wall, cpu, rss, _ in results:
        print(f"| {name:<52} | {wall:>7.2f}s | {cpu:>7.2f}s | {rows / wall:>12,.0f} | {rss:>6.0f} MB |")
    print("\nAssessKit, where the time goes:")
    print("\n".join(line for line in results[0][4].splitlines() if line.startswith("  ")))
    assess_wall, polars_wall = results[0][1], results[2][1]
    print(f"\nAssessKit / polars: {assess_wall / polars_wall:.2f}x wall (target <= 1.0), "
          f"{results[0][2] / results[2][2]:.2f}x CPU; peak memory {small[2]:.0f} MB at ~100k rows, "
          f"{results[0][3]:.0f} MB at ~1M (target < 200 MB, flat): {'met' if max(results[0][3], small[2]) < 200 else 'missed'}")


if __name__ == "__main__":
    main()
