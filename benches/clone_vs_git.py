#!/usr/bin/env python3
"""Clone speed: `codestudy clone --depth 1` against
`git clone --bare --depth 1 --single-branch`, on the same repository served
by `git daemon` on 127.0.0.1, alternating, in the same run.

The repository is made from CPython's standard library on this machine
(every .py file outside site-packages: ~1,800 files, ~34 MB), committed three
times with a second and third branch and tags, so that fetching one branch
without tags is what is measured.

Usage: python3 benches/clone_vs_git.py [--runs N] [--binary PATH]
Target (issue 3): codestudy at most 1.1x the git CLI's median wall time.
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






def build_repo(work, env):
    stdlib = os.path.dirname(os.__file__)
    src = os.path.join(work, "src")
    os.makedirs(src)
    files = 0
    for dirpath, dirnames, filenames in os.walk(stdlib):
        rel = os.path.relpath(dirpath, stdlib)
        if rel.startswith("site-packages") or "__pycache__" in rel:
            continue
        for f in filenames:
            if f.endswith(".py"):
                dest = os.path.join(src, rel)
                os.makedirs(dest, exist_ok=True)
                shutil.copyfile(os.path.join(dirpath, f), os.path.join(dest, f))
                files += 1
    def git(*a):
        sh("git", *a, cwd=src, env=env, stdout=subprocess.DEVNULL)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "stdlib")
    git("tag", "v1")
    git("checkout", "-q", "-b", "legacy")
    with open(os.path.join(src, "LEGACY.txt"), "w") as fh:
        fh.write("legacy branch\n" * 10000)
    git("add", "-A")
    git("commit", "-q", "-m", "legacy")
    git("checkout", "-q", "main")
    for name in ("README.md",):
        with open(os.path.join(src, name), "w") as fh:
            fh.write("# stdlib copy\n")
    git("add", "-A")
    git("commit", "-q", "-m", "readme")
    git("tag", "v2")
    served = os.path.join(work, "served", "pallets")
    os.makedirs(served)
    sh("git", "clone", "-q", "--bare", src, os.path.join(served, "flask.git"), env=env)
    return files




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "codestudy"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sh("cargo", "build", "--release", cwd=ROOT)
    work = tempfile.mkdtemp(prefix="codestudy-bench-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    env = git_env(home)
    daemon = None
    try:
        files = build_repo(work, env)
        daemon, port = start_daemon(os.path.join(work, "served"), env)
        url = f"git://127.0.0.1:{port}/pallets/flask.git"
        mirror = f"git://127.0.0.1:{port}/{{owner}}/{{name}}.git"

        def run_git(i):
            dest = os.path.join(work, f"git-{i}.git")
            t = time.perf_counter()
            sh("git", "clone", "-q", "--bare", "--depth", "1", "--single-branch", url, dest,
               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dt = time.perf_counter() - t
            shutil.rmtree(dest)
            return dt

        def run_codestudy(i):
            cache = os.path.join(work, f"cs-{i}")
            t = time.perf_counter()
            sh(args.binary, "--cache-dir", cache, "--mirror", mirror, "clone", "flask", "--depth", "1",
               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dt = time.perf_counter() - t
            shutil.rmtree(cache)
            return dt

        run_git(-1)  # warm the page cache and the daemon
        run_codestudy(-1)
        g, c = [], []
        for i in range(args.runs):
            if i % 2:
                g.append(run_git(i)); c.append(run_codestudy(i))
            else:
                c.append(run_codestudy(i)); g.append(run_git(i))
        gm, cm = statistics.median(g), statistics.median(c)
        print(f"repository: {files} files from CPython's stdlib, 3 commits, 2 branches, 2 tags")
        print(f"runs: {args.runs} each, alternating")
        print(f"git clone --bare --depth 1 --single-branch: median {gm*1000:.0f} ms (min {min(g)*1000:.0f}, max {max(g)*1000:.0f})")
        print(f"codestudy clone --depth 1:                  median {cm*1000:.0f} ms (min {min(c)*1000:.0f}, max {max(c)*1000:.0f})")
        print(f"ratio codestudy/git: {cm/gm:.2f}x (target <= 1.10x)")
    finally:
        if daemon:
            daemon.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
