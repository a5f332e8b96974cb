#!/usr/bin/env python3
"""Symbol index of a ~20 MB Python tree: codestudy against universal-ctags,
side by side in one run.

- ctags:      ctags -R --languages=Python -f /dev/null TREE   (one core)
- cold index: codestudy symbols REPO with its index cache removed (all cores)
- warm index: codestudy symbols REPO again (nothing changed)
- peak memory (max RSS) of the cold index

The tree is committed into a git repository and cloned (full, over file://)
into a temporary cache as pandas-dev/pandas, since codestudy indexes clones.

Usage: python3 benches/index_vs_ctags.py TREE [--runs N] [--binary PATH]
TREE defaults to the Python files of CPython's standard library; the README
numbers use pandas 2.2.3's package directory from its wheel:
  pip download --no-deps --only-binary :all: pandas==2.2.3 -d /tmp/pd
  python3 -c "import zipfile,glob; zipfile.ZipFile(glob.glob('/tmp/pd/pandas-*.whl')[0]).extractall('/tmp/pd/wheel')"
  python3 benches/index_vs_ctags.py /tmp/pd/wheel/pandas
Targets (issue 4): cold within 2.5x of ctags, warm at least 20x faster than
ctags, peak memory under 300 MB.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, env=None):
    """Wall time and max RSS (KiB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "codestudy"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    if shutil.which("ctags") is None:
        raise SystemExit("universal-ctags is needed: apt-get install universal-ctags")

    work = tempfile.mkdtemp(prefix="codestudy-index-bench-")
    try:
        src = os.path.join(work, "src")
        tree = args.tree or os.path.dirname(os.__file__)
        nbytes = nfiles = 0
        for dirpath, dirnames, filenames in os.walk(tree):
            dirnames[:] = [d for d in dirnames if d not in ("site-packages", "__pycache__")]
            for f in filenames:
                if f.endswith(".py"):
                    rel = os.path.relpath(os.path.join(dirpath, f), tree)
                    os.makedirs(os.path.dirname(os.path.join(src, rel)), exist_ok=True)
                    shutil.copyfile(os.path.join(dirpath, f), os.path.join(src, rel))
                    nbytes += os.path.getsize(os.path.join(src, rel))
                    nfiles += 1
        env = dict(os.environ, HOME=work, GIT_CONFIG_NOSYSTEM="1",
                   GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@e", GIT_COMMITTER_NAME="b",
                   GIT_COMMITTER_EMAIL="b@e")
        for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "tree"]):
            subprocess.run(cmd, cwd=src, env=env, check=True)
        served = os.path.join(work, "served", "pandas-dev")
        os.makedirs(served)
        subprocess.run(["git", "clone", "-q", "--bare", src, os.path.join(served, "pandas.git")], env=env, check=True)
        cache = os.path.join(work, "cache")
        base = [args.binary, "--cache-dir", cache]
        subprocess.run(base + ["--mirror", f"file://{work}/served/{{owner}}/{{name}}.git", "clone", "pandas", "--full"],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        index_dir = os.path.join(cache, "index")

        ctags, cold, warm, rss = [], [], [], []
        for _ in range(args.runs):
            ctags.append(timed(["ctags", "-R", "--languages=Python", "-f", "/dev/null", src])[0])
            shutil.rmtree(index_dir, ignore_errors=True)
            t, m = timed(base + ["symbols", "pandas"], env)
            cold.append(t)
            rss.append(m)
            warm.append(timed(base + ["symbols", "pandas"], env)[0])
        c, k, w = statistics.median(ctags), statistics.median(cold), statistics.median(warm)
        print(f"tree: {nfiles} Python files, {nbytes / 1e6:.1f} MB ({tree})")
        print(f"runs: {args.runs}, medians; machine: {os.cpu_count()} cores")
        print(f"ctags -R --languages=Python:  {c * 1000:7.0f} ms  ({nbytes / 1e6 / c:.0f} MB/s)")
        print(f"codestudy cold index:         {k * 1000:7.0f} ms  ({k / c:.2f}x ctags; target <= 2.5x)")
        print(f"codestudy warm index:         {w * 1000:7.0f} ms  (ctags / warm = {c / w:.0f}x; target >= 20x)")
        print(f"cold index peak memory:       {max(rss) / 1024:7.0f} MB  (target < 300 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
