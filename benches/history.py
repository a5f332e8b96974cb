#!/usr/bin/env python3
"""History speed (issue 16, step 6), side by side with git in one run:

1. Deepening a depth-1 clone to the whole history: `codestudy clone REPO
   --full` against `git fetch --unshallow` in a `git clone --bare --depth 1
   --single-branch` of the same server, each from a fresh copy of its
   depth-1 clone, alternating; and against git with `pack.threads=1`
   (its index-pack resolving deltas on one thread, as libgit2's indexer
   does).
2. The history of a file, `codestudy log REPO:PATH` against `git log
   --format=%H -- PATH`, and with renames followed (`--follow` both).
3. The history of a function, `codestudy log REPO:PATH::NAME` against
   `git log -L :NAME:PATH --format=%H` (which, like codestudy, follows the
   function's lines; git also prints each diff).

The repository is built at run time with `git fast-import`: CPython's
standard library (every .py file outside site-packages) as the first
commit, then 10,000 commits (by default) that each change one of 300 of
its files, and every 10th one `src/target.py`, whose function `alpha`
changes in every 20th commit; the file was `src/old_target.py` before the
middle of the history (one rename to follow). It is served by `git daemon`
on 127.0.0.1.

Usage: python3 benches/history.py [--commits N] [--runs N] [--binary PATH]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench_git import git_env, sh, start_daemon

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))






def target_source(alpha, beta):
    return (
        '"""A module whose functions change over the history."""\n\n\n'
        f"def alpha(x):\n    y = x + {alpha}\n    return y * 2\n\n\n"
        "class Holder:\n    def method(self):\n        return 1\n\n\n"
        f"def beta(x):\n    z = x - {beta}\n    return z\n"
    ).encode()


def build_repo(work, env, commits):
    stdlib = os.path.dirname(os.__file__)
    files = {}
    for dirpath, _dirs, names in os.walk(stdlib):
        rel = os.path.relpath(dirpath, stdlib)
        if rel.startswith("site-packages") or "__pycache__" in rel:
            continue
        for f in names:
            if f.endswith(".py"):
                path = os.path.normpath(os.path.join("src", rel, f))
                with open(os.path.join(dirpath, f), "rb") as fh:
                    files[path] = fh.read()
    changing = sorted(files)[::max(1, len(files) // 300)][:300]
    src = os.path.join(work, "src")
    os.makedirs(src)
    sh("git", "init", "-q", "-b", "main", src, env=env, stdout=subprocess.DEVNULL)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=src, env=env,
                          stdin=subprocess.PIPE)
    out = fi.stdin
    when = 1_600_000_000

    def data(b):
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def commit(msg, ops):
        nonlocal when
        when += 600
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer bench <bench@example.com> %d +0000\n" % when)
        data(msg.encode())
        for op in ops:
            out.write(op)

    def modify(path, content):
        return b"M 100644 inline " + path.encode() + b"\n" + b"data %d\n" % len(content) + content + b"\n"

    alpha, beta = 0, 0
    target = "src/old_target.py"
    first = [modify(p, c) for p, c in sorted(files.items())]
    first.append(modify(target, target_source(alpha, beta)))
    commit("the standard library", first)
    for i in range(1, commits + 1):
        ops = []
        if i == commits // 2:
            ops.append(b"R src/old_target.py src/target.py\n")
            target = "src/target.py"
        if i % 10 == 0:
            if i % 20 == 0:
                alpha = i
            else:
                beta = i
            ops.append(modify(target, target_source(alpha, beta)))
        p = changing[i % len(changing)]
        files[p] = files[p] + b"# change %d\n" % i
        ops.append(modify(p, files[p]))
        commit(f"change {i}", ops)
    out.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    served = os.path.join(work, "served", "pallets")
    os.makedirs(served)
    sh("git", "clone", "-q", "--bare", src, os.path.join(served, "flask.git"), env=env)
    return len(files)




def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def side_by_side(label_a, a, label_b, b, runs):
    a(-1)  # warm the page cache (and the server)
    b(-1)
    ta, tb = [], []
    for i in range(runs):
        if i % 2:
            ta.append(a(i)); tb.append(b(i))
        else:
            tb.append(b(i)); ta.append(a(i))
    ma, mb = statistics.median(ta), statistics.median(tb)
    print(f"  {label_a}: median {ma*1000:.0f} ms (min {min(ta)*1000:.0f}, max {max(ta)*1000:.0f})")
    print(f"  {label_b}: median {mb*1000:.0f} ms (min {min(tb)*1000:.0f}, max {max(tb)*1000:.0f})")
    print(f"  ratio: {ma/mb:.2f}x")
    return ma / mb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "codestudy"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sh("cargo", "build", "--release", cwd=ROOT)
    work = tempfile.mkdtemp(prefix="codestudy-bench-history-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    env = git_env(home)
    daemon = None
    quiet = dict(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t = time.perf_counter()
        files = build_repo(work, env, args.commits)
        print(f"repository: {files} files, {args.commits + 1} commits, built in {time.perf_counter() - t:.1f} s")
        daemon, port = start_daemon(os.path.join(work, "served"), env)
        url = f"git://127.0.0.1:{port}/pallets/flask.git"
        mirror = f"git://127.0.0.1:{port}/{{owner}}/{{name}}.git"
        cs = [args.binary, "--mirror", mirror]

        # Pristine depth-1 clones, copied before each deepening.
        git_shallow = os.path.join(work, "git-shallow.git")
        sh("git", "clone", "-q", "--bare", "--depth", "1", "--single-branch", url, git_shallow, **quiet)
        cs_shallow = os.path.join(work, "cs-shallow")
        sh(*cs, "--cache-dir", cs_shallow, "clone", "flask", "--depth", "1", **quiet)

        def git_deepen(i):
            dest = os.path.join(work, f"git-{i}.git")
            shutil.copytree(git_shallow, dest, symlinks=True)
            dt = timed(lambda: sh("git", "-C", dest, "fetch", "-q", "--unshallow", **quiet))
            shutil.rmtree(dest)
            return dt

        def cs_deepen(i):
            cache = os.path.join(work, f"cs-{i}")
            shutil.copytree(cs_shallow, cache, symlinks=True)
            dt = timed(lambda: sh(*cs, "--cache-dir", cache, "clone", "flask", "--full", **quiet))
            shutil.rmtree(cache)
            return dt

        def git_deepen_one_thread(i):
            dest = os.path.join(work, f"git1-{i}.git")
            shutil.copytree(git_shallow, dest, symlinks=True)
            dt = timed(lambda: sh("git", "-C", dest, "-c", "pack.threads=1", "fetch", "-q", "--unshallow", **quiet))
            shutil.rmtree(dest)
            return dt

        print("deepen a depth-1 clone to the whole history:")
        side_by_side("codestudy clone --full ", cs_deepen, "git fetch --unshallow  ", git_deepen, args.runs)
        print("the same, git's index-pack on one thread as libgit2's indexer is:")
        side_by_side("codestudy clone --full ", cs_deepen, "git -c pack.threads=1 fetch --unshallow", git_deepen_one_thread, args.runs)

        # The whole history, for the log runs.
        git_full = os.path.join(work, "git-full.git")
        sh("git", "clone", "-q", "--bare", "--single-branch", url, git_full, **quiet)
        cs_full = os.path.join(work, "cs-full")
        sh(*cs, "--cache-dir", cs_full, "clone", "flask", "--full", **quiet)
        limit = str(args.commits + 10)

        def pair(cs_args, git_args):
            def a(_i):
                return timed(lambda: sh(*cs, "--cache-dir", cs_full, "log", *cs_args, "--limit", limit, **quiet))

            def b(_i):
                return timed(lambda: sh("git", "-C", git_full, "log", "--format=%H", *git_args, **quiet))
            return a, b

        count = subprocess.run(["git", "-C", git_full, "rev-list", "--count", "HEAD", "--", "src/target.py"],
                               capture_output=True, text=True, check=True).stdout.strip()
        print(f"history of a file (src/target.py, {count} commits since the rename):")
        a, b = pair(["flask:src/target.py"], ["--", "src/target.py"])
        side_by_side("codestudy log REPO:PATH         ", a, "git log -- PATH                ", b, args.runs)
        print("history of a file, renames followed:")
        a, b = pair(["flask:src/target.py", "--follow"], ["--follow", "--", "src/target.py"])
        side_by_side("codestudy log REPO:PATH --follow", a, "git log --follow -- PATH       ", b, args.runs)
        print("history of a function (alpha, changed every 20th commit):")
        a, b = pair(["flask:src/target.py::alpha"], ["-L", ":alpha:src/target.py"])
        side_by_side("codestudy log REPO:PATH::alpha  ", a, "git log -L :alpha:PATH         ", b, args.runs)
    finally:
        if daemon:
            daemon.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
