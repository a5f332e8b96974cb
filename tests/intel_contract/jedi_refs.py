#!/usr/bin/env python3
"""Reference go-to-definition / find-references answers for a Python tree, from jedi.

This is the ground truth the Rust engine `codestudy::intel` is compared
against. It samples uses (goto) or definitions (refs) from the listed files of
a tree, asks jedi about each, and prints one JSON object per kept sample.

Usage:
    jedi_refs.py goto ROOT [--files LIST] [--seed S] [--count N] [options]
    jedi_refs.py refs ROOT [--files LIST] [--seed S] [--count M] [options]

    LIST      one path per line, relative to ROOT, `/`-separated: the files to
              sample from (default: every .py under ROOT, sorted).
    --timeout SECONDS  per jedi call (default 2.0); slower samples are skipped.
    --sys-path DIR     (repeatable) directory, relative to ROOT, to put on the
              import path instead of the detected source roots (see below).

Output (stdout, JSON lines; line numbers 1-based, columns 1-based in
characters, paths relative to ROOT with `/`, null for anything outside ROOT):

    goto: {"path", "line", "column", "name", "category",
           "jedi": [{"path", "line", "column", "type"}, ...]}
        One row per kept use. `jedi` is every answer of
        Script.goto(follow_imports=True): a set (jedi's list order comes from
        hashing objects and changes between runs), printed sorted by in-ROOT
        first, then path, line, column, type. A use is kept when at least one
        answer is a file under ROOT with a known line.
        category: "local"     a Name with an in-ROOT answer in its own file
                  "cross"     a Name whose in-ROOT answers are all in other files
                  "self_attr" an Attribute whose base is the Name `self` or `cls`
                  "attr"      any other Attribute
        A module answer (`import pkg.mod as m` then `m`, or `pkg` ->
        pkg/__init__.py) is line 1, column 1, type "module" (jedi's line 1,
        column 0). Some "module" answers are import aliases instead: `os.path`
        answers the `path` of `import posixpath as path` in os.py, at its
        position. A namespace package (no __init__.py) has no file: path null.
    refs: {"path", "line", "column", "name",
           "jedi": [{"path", "line", "column", "is_definition"}, ...]}
        One row per sampled definition that jedi answered: every in-ROOT answer
        of Script.get_references(scope="project") except the definition site
        itself, sorted by path, line, column. An empty list is a real answer
        ("no other references"). Import names are definitions
        (`from pkg import helper`: is_definition true).

A summary (uses tried, kept, skipped, timeouts, jedi errors, seconds) goes to
stderr at the end.

Sampling (deterministic for a given tree, list and seed):
  goto  every ast.Name in Load context and every ast.Attribute in Load context
        (positioned at the attribute NAME, after the dot) of the listed files,
        in list order then source order, shuffled with random.Random(S); jedi
        is asked in that order until N have been kept.
  refs  every def/class name (any depth) and every Name target of a
        module-level Assign/AnnAssign (blocks such as if/try are transparent;
        tuple targets destructure), with names of at least 3 characters (jedi
        searches other files only for names longer than 2 characters), shuffled
        the same way, asked until M rows are printed. A definition whose
        reference list does not contain its own site is skipped (jedi did not
        see the name there).
  Positions come from `ast` (UTF-8 byte columns) and are converted to
  character columns on the decoded line; a position whose source text is not
  the name (e.g. inside old-style f-strings) is skipped.

How jedi is set up (found by experiment with jedi 0.20.0, CPython 3.11):
  * ONE jedi.Project for the whole run, with
        sys_path = [ROOT/<source roots>..., ROOT] + the interpreter's own
                   sys.path (stdlib, lib-dynload, site-packages)
        smart_sys_path = False
    and an InterpreterEnvironment (no jedi subprocess; independent of
    VIRTUAL_ENV/CONDA_PREFIX).
    Source roots: the top-level directories of ROOT that have no __init__.py
    but contain at least one package (a subdirectory with __init__.py), sorted;
    e.g. `src/` (flask) or `Lib/` (a CPython checkout). --sys-path overrides.
  * Why explicit sys_path: `added_sys_path` APPENDS after site-packages, so in
    a flask checkout `import flask` went to the installed
    site-packages/flask/__init__.py instead of ROOT/src/flask. With ROOT first,
    a copy of the stdlib as ROOT also wins: `import os` goes to ROOT/os.py and
    `os.path.join` to ROOT/ntpath.py (jedi goes through its typeshed stubs for
    stdlib names and then maps back to the source module found first on
    sys_path). smart_sys_path=False also stops jedi adding each script's
    non-package parent directories, so every file sees the same import path.
  * References: jedi stops after parsing 30 files containing the name
    (_PARSED_FILE_LIMIT) or opening 2000 files (_OPENED_FILE_LIMIT), in
    directory-walk order. Both limits are raised here so that the answer is
    complete and does not depend on the file system's listing order. What jedi
    still leaves out: files under .tox, .venv, venv, .mypy_cache, __pycache__
    and paths in ROOT's .gitignore files (simple entries, no wildcards); and
    for a name of 1-2 characters, or a parameter, every file but the
    defining ones (which is why refs samples only names of 3+ characters).
  * A fresh Script per call (not cached per file): jedi keeps its inference
    caches on the Script, so with a cached Script an answer could depend on
    what was asked before; parsed modules are shared anyway through parso's
    in-memory cache, and caching Scripts measured no faster (12.9 against 12.6
    goto calls/s on a stdlib subset). parso's disk cache is not written (see
    below), and a private, empty cache directory is used for the run.
  * Answers do not depend on PYTHONHASHSEED (checked), but a use near the
    timeout may be kept on one run and skipped on another under load.
"""
import argparse
import ast
import io
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import tokenize
import unicodedata

import jedi
import jedi.inference.references as _jedi_refs
import parso.cache

# The recursion limit stays jedi's own (jedi sets 3000 on import): answers are
# those of jedi as editors run it; a RecursionError is one more counted error.

# Complete reference answers, independent of directory-walk order.
_jedi_refs._PARSED_FILE_LIMIT = 10 ** 9
_jedi_refs._OPENED_FILE_LIMIT = 10 ** 9

# jedi's reference search reads every project file and runs r'\bNAME\b' over
# it; that regex has no literal prefix to skip ahead with and dominated the
# time on big trees. A plain substring test first rejects the same files (for
# an ASCII name the regex can only match where the bytes contain it), so the
# answers are unchanged.
_orig_check_fs = _jedi_refs._check_fs
_WORD_PATTERN = re.compile(r"\\b([A-Za-z0-9_]+)\\b\Z")


def _check_fs(inference_state, file_io, regex):
    m = _WORD_PATTERN.match(regex.pattern)
    if m is not None:
        try:
            raw = file_io.read()
        except FileNotFoundError:
            return None
        if m.group(1).encode("ascii") not in raw:
            return None
    return _orig_check_fs(inference_state, file_io, regex)


_jedi_refs._check_fs = _check_fs

# parso pickles every parsed module to its disk cache; this run keeps them in
# memory only (the pickling cost more than the parsing saved, and the shared
# ~/.cache/parso is written without locking: a concurrent jedi made
# pickle.load fail with EOFError).
parso.cache._save_to_file_system = lambda *args, **kwargs: None

# parso (and CPython's tokenizer) break lines on these only; not str.splitlines,
# which also breaks on \x0b, \x0c, \x1c.. and would shift line numbers.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SELF_NAMES = ("self", "cls")
_MIN_REF_NAME = 3


class JediTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that jedi's `except Exception` cannot eat it."""


def _on_alarm(signum, frame):
    raise JediTimeout()


class Stats:
    def __init__(self):
        self.tried = 0
        self.kept = 0
        self.not_in_root = 0
        self.timeouts = 0
        self.errors = {}
        self.skipped_files = 0
        self.bad_positions = 0
        self.no_self_site = 0
        self.start = time.monotonic()

    def error(self, exc):
        key = type(exc).__name__
        self.errors[key] = self.errors.get(key, 0) + 1

    def summary(self, mode):
        secs = time.monotonic() - self.start
        rate = self.tried / secs if secs > 0 else 0.0
        errors = sum(self.errors.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        parts = [f"jedi_refs {mode}: tried {self.tried}", f"kept {self.kept}",
                 f"no answer in ROOT {self.not_in_root}", f"timeouts {self.timeouts}",
                 f"jedi errors {errors}" + (f" ({detail})" if detail else ""),
                 f"bad positions {self.bad_positions}", f"unreadable files {self.skipped_files}"]
        if mode == "refs":
            parts.append(f"own site missing {self.no_self_site}")
        parts.append(f"{secs:.1f} s ({rate:.1f} calls/s)")
        return ", ".join(parts)


# ---------------------------------------------------------------- project

def detect_source_roots(root):
    """Top-level dirs of root without __init__.py that contain a package (e.g. src, Lib)."""
    found = []
    for entry in sorted(os.listdir(root)):
        d = os.path.join(root, entry)
        if entry.startswith(".") or not os.path.isdir(d):
            continue
        if os.path.isfile(os.path.join(d, "__init__.py")):
            continue
        try:
            children = os.listdir(d)
        except OSError:
            continue
        if any(os.path.isfile(os.path.join(d, c, "__init__.py")) for c in children):
            found.append(entry)
    return found


def make_project(root, source_roots=None):
    """The one jedi.Project of a run; see the module docstring for why it is built so."""
    root = os.path.realpath(root)
    if source_roots is None:
        source_roots = detect_source_roots(root)
    script_dir = os.path.dirname(os.path.realpath(__file__))
    base = [p for p in sys.path if p and os.path.realpath(p) != script_dir
            and os.path.realpath(p) != os.path.realpath(os.getcwd())]
    sys_path = [os.path.join(root, d) for d in source_roots] + [root] + base
    return jedi.Project(root, sys_path=sys_path, smart_sys_path=False)


_ENVIRONMENT = None


def environment():
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = jedi.InterpreterEnvironment()
    return _ENVIRONMENT


# ---------------------------------------------------------------- sources

def read_source(path):
    """Decoded text (PEP 263 cookie / BOM honoured, BOM dropped) and its lines."""
    with open(path, "rb") as f:
        data = f.read()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return data, _LINE_BREAK.split(text)


def _char_col(line_text, byte_col):
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _is_ident_char(ch):
    return ("a" + ch).isidentifier()


class Use:
    __slots__ = ("path", "line", "col", "name", "kind")

    def __init__(self, path, line, col, name, kind):
        self.path, self.line, self.col, self.name, self.kind = path, line, col, name, kind


def collect_uses(rel, data, lines):
    """Load-context Names and Attributes of one file, in source order.

    col is the 0-based character column of the name token; kind is "name",
    "self_attr" or "attr".
    """
    tree = ast.parse(data)
    uses = []
    bad = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.lineno != node.end_lineno:
                bad += 1
                continue
            text = lines[node.lineno - 1]
            start = _char_col(text, node.col_offset)
            end = _char_col(text, node.end_col_offset)
            if unicodedata.normalize("NFKC", text[start:end]) != node.id:
                bad += 1
                continue
            uses.append(Use(rel, node.lineno, start, node.id, "name"))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            text = lines[node.end_lineno - 1]
            end = _char_col(text, node.end_col_offset)
            start = end
            while start > 0 and _is_ident_char(text[start - 1]):
                start -= 1
            if start == end or unicodedata.normalize("NFKC", text[start:end]) != node.attr:
                bad += 1
                continue
            base = node.value
            kind = "self_attr" if isinstance(base, ast.Name) and base.id in _SELF_NAMES else "attr"
            uses.append(Use(rel, node.end_lineno, start, node.attr, kind))
    uses.sort(key=lambda u: (u.line, u.col))
    return uses, bad


def _module_targets(body):
    """Name targets of Assign/AnnAssign in a module body (blocks transparent)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            tstack = list(reversed(targets))
            while tstack:
                t = tstack.pop()
                if isinstance(t, ast.Name):
                    yield t
                elif isinstance(t, (ast.Tuple, ast.List)):
                    tstack.extend(reversed(t.elts))
                elif isinstance(t, ast.Starred):
                    tstack.append(t.value)
            continue
        inner = []
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                inner.extend(block)
        for handler in getattr(node, "handlers", ()):
            inner.extend(handler.body)
        for case in getattr(node, "cases", ()):
            inner.extend(case.body)
        stack.extend(reversed(inner))


_DEF_HEAD = re.compile(r"(?:async\s+)?(?:def|class)\s+")


def collect_defs(rel, data, lines):
    """def/class names and module-level assignment targets: list of Use (kind "def")."""
    tree = ast.parse(data)
    defs = []
    bad = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            text = lines[node.lineno - 1]
            col = _char_col(text, node.col_offset)
            m = _DEF_HEAD.match(text, col)
            if not m or unicodedata.normalize(
                    "NFKC", text[m.end():m.end() + len(node.name)]) != node.name:
                bad += 1
                continue
            defs.append(Use(rel, node.lineno, m.end(), node.name, "def"))
    for t in _module_targets(tree.body):
        text = lines[t.lineno - 1]
        start = _char_col(text, t.col_offset)
        end = _char_col(text, t.end_col_offset)
        if unicodedata.normalize("NFKC", text[start:end]) != t.id:
            bad += 1
            continue
        defs.append(Use(rel, t.lineno, start, t.id, "def"))
    defs = [d for d in defs if len(d.name) >= _MIN_REF_NAME]
    defs.sort(key=lambda u: (u.line, u.col))
    return defs, bad


def list_files(root, list_path):
    if list_path is not None:
        with open(list_path, encoding="utf-8") as f:
            entries = [ln.strip() for ln in f if ln.strip()]
        # Same spelling as the answers' paths: relative to ROOT, normalised, '/'.
        return [os.path.relpath(os.path.normpath(os.path.join(root, e)), root).replace(os.sep, "/")
                for e in entries]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for fn in filenames:
            if fn.endswith(".py"):
                out.append(os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/"))
    return sorted(out)


def collect(root, rels, collector, stats):
    items = []
    for rel in rels:
        try:
            data, lines = read_source(os.path.join(root, rel))
            found, bad = collector(rel, data, lines)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            stats.skipped_files += 1
            continue
        stats.bad_positions += bad
        items.extend(found)
    return items


# ---------------------------------------------------------------- jedi calls

class Asker:
    """Runs guarded jedi calls against one Project."""

    def __init__(self, root, project, timeout, stats):
        self.root = os.path.realpath(root)
        self.project = project
        self.timeout = timeout
        self.stats = stats
        signal.signal(signal.SIGALRM, _on_alarm)

    def rel(self, module_path):
        """Path relative to ROOT with '/', or None when outside ROOT."""
        if module_path is None:
            return None
        p = os.path.realpath(str(module_path))
        if p != self.root and p.startswith(self.root + os.sep) and os.path.isfile(p):
            return os.path.relpath(p, self.root).replace(os.sep, "/")
        return None

    def call(self, use, what):
        """Return jedi's Names for use, or None after a timeout or error (counted)."""
        self.stats.tried += 1
        saved_path = list(sys.path)  # jedi swaps sys.path while finding modules
        try:
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
            try:
                script = jedi.Script(path=os.path.join(self.root, use.path),
                                     project=self.project, environment=environment())
                if what == "goto":
                    return list(script.goto(use.line, use.col, follow_imports=True))
                return list(script.get_references(use.line, use.col, scope="project"))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sys.path[:] = saved_path
        except JediTimeout:
            self.stats.timeouts += 1
        except Exception as exc:  # jedi bugs of every kind: count, never stop the run
            self.stats.error(exc)
        return None


def _answer_pos(name):
    """1-based line and character column; a module file itself is jedi's (1, 0) -> (1, 1).

    Not every answer of type "module" is a file's start: `os.path` answers the
    `path` alias of `import posixpath as path` inside os.py, with its position.
    """
    col = name.column
    return name.line, (col + 1 if col is not None else None)


def _answer_key(a):
    """jedi's own order is a set's (hash of objects including the Script): sort instead."""
    return (a["path"] is None, a["path"] or "", a["line"] or 0, a["column"] or 0,
            a.get("type", ""))


def goto_rows(root, rels, seed, count, timeout, project, stats, out):
    uses = collect(root, rels, collect_uses, stats)
    random.Random(seed).shuffle(uses)
    asker = Asker(root, project, timeout, stats)
    for use in uses:
        if stats.kept >= count:
            break
        names = asker.call(use, "goto")
        if names is None:
            continue
        answers = []
        for n in names:
            path = asker.rel(n.module_path)
            line, col = _answer_pos(n)
            answers.append({"path": path, "line": line, "column": col, "type": n.type})
        answers.sort(key=_answer_key)
        in_root = {a["path"] for a in answers if a["path"] is not None and a["line"] is not None}
        if not in_root:
            stats.not_in_root += 1
            continue
        if use.kind == "name":
            category = "local" if use.path in in_root else "cross"
        else:
            category = use.kind
        stats.kept += 1
        out.write(json.dumps({"path": use.path, "line": use.line, "column": use.col + 1,
                              "name": use.name, "category": category,
                              "jedi": answers}, ensure_ascii=False) + "\n")
        out.flush()


def refs_rows(root, rels, seed, count, timeout, project, stats, out):
    defs = collect(root, rels, collect_defs, stats)
    random.Random(seed).shuffle(defs)
    asker = Asker(root, project, timeout, stats)
    for d in defs:
        if stats.kept >= count:
            break
        names = asker.call(d, "refs")
        if names is None:
            continue
        answers = []
        saw_self = False
        for n in names:
            path = asker.rel(n.module_path)
            if path is None or n.line is None:
                continue
            line, col = _answer_pos(n)
            if path == d.path and line == d.line and col == d.col + 1:
                saw_self = True
                continue
            answers.append({"path": path, "line": line, "column": col,
                            "is_definition": bool(n.is_definition())})
        answers.sort(key=_answer_key)
        if not saw_self:
            stats.no_self_site += 1
            continue
        stats.kept += 1
        out.write(json.dumps({"path": d.path, "line": d.line, "column": d.col + 1,
                              "name": d.name, "jedi": answers}, ensure_ascii=False) + "\n")
        out.flush()


def main(argv):
    ap = argparse.ArgumentParser(prog="jedi_refs.py", description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=("goto", "refs"))
    ap.add_argument("root")
    ap.add_argument("--files", default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--sys-path", action="append", default=None, dest="sys_path")
    args = ap.parse_args(argv)
    root = os.path.realpath(args.root)
    # A private parso disk cache: the shared ~/.cache/parso is written without
    # locking, and a concurrent jedi process made pickle.load fail (EOFError).
    cache_dir = tempfile.mkdtemp(prefix="jedi_refs_cache_")
    jedi.settings.cache_directory = cache_dir
    stats = Stats()
    project = make_project(root, args.sys_path)
    rels = list_files(root, args.files)
    run = goto_rows if args.mode == "goto" else refs_rows
    run(root, rels, args.seed, args.count, args.timeout, project, stats, sys.stdout)
    print(stats.summary(args.mode), file=sys.stderr)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown of jedi's caches (seconds on big trees).
    os._exit(status)
