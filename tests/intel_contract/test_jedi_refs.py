"""Self-tests for jedi_refs.py (run: python3 -m unittest discover -s <this dir> -p 'test_*.py')."""
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jedi  # noqa: E402
import jedi_refs  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jedi_refs.py")
SUMMARY = re.compile(r"tried (\d+), kept (\d+), no answer in ROOT (\d+), timeouts (\d+), "
                     r"jedi errors (\d+)")


class TreeCase(unittest.TestCase):
    """Builds a tree in a temp dir and runs jedi_refs.main in-process on it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.root = os.path.realpath(self.tmp.name)

    def write(self, files):
        for rel, src in files.items():
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = src if isinstance(src, bytes) else textwrap.dedent(src).lstrip("\n").encode()
            with open(path, "wb") as f:
                f.write(data)

    def run_mode(self, mode, files=None, seed=0, count=100000, timeout=10.0, extra=()):
        args = [mode, self.root, "--seed", str(seed), "--count", str(count),
                "--timeout", str(timeout), *extra]
        if files is not None:
            listfile = os.path.join(self.root, "_list.txt")
            with open(listfile, "w") as f:
                f.write("\n".join(files) + "\n")
            args += ["--files", listfile]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.assertEqual(jedi_refs.main(args), 0)
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        self.check_positions(rows)
        m = SUMMARY.search(err.getvalue())
        self.assertIsNotNone(m, err.getvalue())
        stats = dict(zip(("tried", "kept", "not_in_root", "timeouts", "errors"),
                         map(int, m.groups())))
        self.assertEqual(stats["kept"], len(rows))
        return rows, stats, err.getvalue()

    def check_positions(self, rows):
        """Every row's (line, column) is, in characters, the start of its name."""
        for row in rows:
            _, lines = jedi_refs.read_source(os.path.join(self.root, row["path"]))
            line = lines[row["line"] - 1]
            col = row["column"] - 1
            self.assertEqual(line[col:col + len(row["name"])], row["name"], row)

    @staticmethod
    def at(rows, path, line, column):
        found = [r for r in rows if (r["path"], r["line"], r["column"]) == (path, line, column)]
        return found[0] if found else None


class GotoTests(TreeCase):
    def test_reexport_relative_import_and_alias(self):
        self.write({
            "pkg/__init__.py": "from .impl import helper, Klass\n",
            "pkg/impl.py": """
                def helper(x):
                    return x
                class Klass:
                    pass
            """,
            "pkg/rel.py": """
                from .impl import helper as h
                from . import impl
                h(1)
                impl.Klass
            """,
            "use.py": """
                from pkg import helper
                helper(2)
            """,
        })
        rows, stats, _ = self.run_mode("goto", files=["./use.py", self.root + "/pkg/rel.py"])
        self.assertEqual(self.at(rows, "use.py", 2, 1), {
            "path": "use.py", "line": 2, "column": 1, "name": "helper", "category": "cross",
            "jedi": [{"path": "pkg/impl.py", "line": 1, "column": 5, "type": "function"}]})
        self.assertEqual(self.at(rows, "pkg/rel.py", 3, 1), {
            "path": "pkg/rel.py", "line": 3, "column": 1, "name": "h", "category": "cross",
            "jedi": [{"path": "pkg/impl.py", "line": 1, "column": 5, "type": "function"}]})
        # `impl` itself: a module answer at line 1, column 1.
        self.assertEqual(self.at(rows, "pkg/rel.py", 4, 1)["jedi"],
                         [{"path": "pkg/impl.py", "line": 1, "column": 1, "type": "module"}])
        self.assertEqual(self.at(rows, "pkg/rel.py", 4, 6), {
            "path": "pkg/rel.py", "line": 4, "column": 6, "name": "Klass", "category": "attr",
            "jedi": [{"path": "pkg/impl.py", "line": 3, "column": 7, "type": "class"}]})
        # Only the listed files are sampled (the list's ./use.py and absolute
        # spelling come out relative to ROOT), and every in-ROOT use is kept.
        self.assertEqual({r["path"] for r in rows}, {"use.py", "pkg/rel.py"})
        self.assertEqual(len(rows), 4)
        self.assertEqual(stats["tried"], 4)

    def test_module_answers(self):
        self.write({
            "pkg/__init__.py": "VERSION = 1\n",
            "pkg/mod.py": "def f():\n    pass\n",
            "use.py": """
                import pkg.mod as m
                import pkg
                m
                pkg.VERSION
            """,
        })
        rows, _, _ = self.run_mode("goto", files=["use.py"])
        self.assertEqual(self.at(rows, "use.py", 3, 1), {
            "path": "use.py", "line": 3, "column": 1, "name": "m", "category": "cross",
            "jedi": [{"path": "pkg/mod.py", "line": 1, "column": 1, "type": "module"}]})
        self.assertEqual(self.at(rows, "use.py", 4, 1)["jedi"],
                         [{"path": "pkg/__init__.py", "line": 1, "column": 1, "type": "module"}])
        self.assertEqual(self.at(rows, "use.py", 4, 5)["jedi"],
                         [{"path": "pkg/__init__.py", "line": 1, "column": 1, "type": "statement"}])

    def test_self_attributes_and_locals(self):
        self.write({"m.py": """
            class C:
                def __init__(self, start):
                    self.val = start
                def reset(self):
                    self.val = 0
                def get(self):
                    return self.val
            def run():
                c = C(1)
                return c.get()
        """})
        rows, _, _ = self.run_mode("goto")
        self.assertEqual(self.at(rows, "m.py", 7, 21), {
            "path": "m.py", "line": 7, "column": 21, "name": "val", "category": "self_attr",
            # Both assignments; sorted, since jedi's own order is a set's.
            "jedi": [{"path": "m.py", "line": 3, "column": 14, "type": "statement"},
                     {"path": "m.py", "line": 5, "column": 14, "type": "statement"}]})
        # A parameter.
        self.assertEqual(self.at(rows, "m.py", 3, 20)["jedi"],
                         [{"path": "m.py", "line": 2, "column": 24, "type": "param"}])
        # `self` itself (a Load Name even in `self.val = ...`) is the parameter.
        self.assertEqual(self.at(rows, "m.py", 3, 9), {
            "path": "m.py", "line": 3, "column": 9, "name": "self", "category": "local",
            "jedi": [{"path": "m.py", "line": 2, "column": 18, "type": "param"}]})
        self.assertEqual(self.at(rows, "m.py", 10, 14), {
            "path": "m.py", "line": 10, "column": 14, "name": "get", "category": "attr",
            "jedi": [{"path": "m.py", "line": 6, "column": 9, "type": "function"}]})
        self.assertEqual(self.at(rows, "m.py", 10, 12)["category"], "local")

    def test_src_layout_wins_over_installed_package(self):
        # parso is installed in site-packages; the tree's own src/parso must win.
        self.write({
            "src/parso/__init__.py": "def parse(code):\n    return code\n",
            "tests/test_it.py": """
                import parso
                parso.parse("x")
            """,
            "docs/conf.py": "project = 'x'\n",
        })
        self.assertEqual(jedi_refs.detect_source_roots(self.root), ["src"])
        rows, _, _ = self.run_mode("goto", files=["tests/test_it.py"])
        self.assertEqual(self.at(rows, "tests/test_it.py", 2, 7), {
            "path": "tests/test_it.py", "line": 2, "column": 7, "name": "parse",
            "category": "attr",
            "jedi": [{"path": "src/parso/__init__.py", "line": 1, "column": 5, "type": "function"}]})
        # --sys-path replaces the detection: without src/ on the path the
        # installed parso answers, which is outside ROOT, so nothing is kept.
        rows, stats, _ = self.run_mode("goto", files=["tests/test_it.py"],
                                       extra=["--sys-path", "docs"])
        self.assertEqual(rows, [])
        self.assertEqual(stats["not_in_root"], 2)

    def test_stdlib_copy_in_root_wins(self):
        # A tree that is (a piece of) the stdlib: `import json` is ROOT/json.
        self.write({
            "json/__init__.py": "def dumps(obj):\n    return ''\n",
            "app.py": """
                import json
                json.dumps(1)
            """,
        })
        rows, _, _ = self.run_mode("goto", files=["app.py"])
        self.assertEqual(self.at(rows, "app.py", 2, 1)["jedi"],
                         [{"path": "json/__init__.py", "line": 1, "column": 1, "type": "module"}])
        self.assertEqual(self.at(rows, "app.py", 2, 6)["jedi"],
                         [{"path": "json/__init__.py", "line": 1, "column": 5, "type": "function"}])

    def test_names_leaving_the_tree_are_skipped(self):
        self.write({"m.py": """
            import os
            n = len(os.getcwd())
            print(n)
        """})
        rows, stats, _ = self.run_mode("goto")
        # os, getcwd, len, print answer outside ROOT; only `n` stays.
        self.assertEqual(rows, [{
            "path": "m.py", "line": 3, "column": 7, "name": "n", "category": "local",
            "jedi": [{"path": "m.py", "line": 2, "column": 1, "type": "statement"}]}])
        self.assertEqual(stats["tried"], 5)
        self.assertEqual(stats["not_in_root"], 4)

    def test_non_ascii_character_columns(self):
        self.write({"m.py": """
            données = {"clé": "é"}; b = 2
            x = "€€" + str(données) + str(b)
            y = "日本".join(x).upper()
        """})
        rows, _, _ = self.run_mode("goto")
        # `données` on line 2 starts at character 16 (byte 20).
        self.assertEqual(self.at(rows, "m.py", 2, 16), {
            "path": "m.py", "line": 2, "column": 16, "name": "données", "category": "local",
            "jedi": [{"path": "m.py", "line": 1, "column": 1, "type": "statement"}]})
        # `b` is defined after non-ASCII text on its line: character column 25.
        self.assertEqual(self.at(rows, "m.py", 2, 31)["jedi"],
                         [{"path": "m.py", "line": 1, "column": 25, "type": "statement"}])
        self.assertEqual(self.at(rows, "m.py", 3, 15)["name"], "x")

    def test_latin1_file(self):
        self.write({"l1.py": "# -*- coding: latin-1 -*-\ncaf\xe9 = 1\nprint('\xe9', caf\xe9)\n"
                    .encode("latin-1")})
        rows, _, _ = self.run_mode("goto")
        self.assertEqual(rows, [{
            "path": "l1.py", "line": 3, "column": 12, "name": "caf\xe9", "category": "local",
            "jedi": [{"path": "l1.py", "line": 2, "column": 1, "type": "statement"}]}])

    def test_bom_crlf_and_form_feed(self):
        # A BOM is not a column; \r\n ends one line; a form feed is no line
        # break (str.splitlines would make it one) but is one column.
        self.write({"x.py": b'\xef\xbb\xbfa = 1\r\nb = a\r\n\x0c\r\n\x0cc = b\r\n'})
        rows, _, _ = self.run_mode("goto")
        self.assertEqual(sorted((r["line"], r["column"], r["name"], r["jedi"][0]["line"],
                                 r["jedi"][0]["column"]) for r in rows),
                         [(2, 5, "a", 1, 1), (4, 6, "b", 2, 1)])

    def test_fstring_positions(self):
        self.write({"m.py": """
            class P:
                name = "p"
            val = P()
            s = f"{val!r:>10} and {val.name}"
        """})
        rows, _, _ = self.run_mode("goto")
        # check_positions verified each row; both uses in the f-string are there.
        self.assertEqual(sorted((r["column"], r["name"]) for r in rows if r["line"] == 4),
                         [(8, "val"), (24, "val"), (28, "name")])

    def test_unresolved_import_answers_nothing(self):
        self.write({"m.py": """
            from missing_module_xyz import thing
            thing()
        """})
        rows, stats, _ = self.run_mode("goto")
        self.assertEqual(rows, [])
        self.assertEqual(stats, {"tried": 1, "kept": 0, "not_in_root": 1, "timeouts": 0,
                                 "errors": 0})

    def test_seed_and_count(self):
        self.write({"m.py": "".join(f"v{i} = {i}\nprint(v{i})\n" for i in range(30))})
        all_rows, _, _ = self.run_mode("goto", count=1000)
        self.assertEqual(len(all_rows), 30)
        a, stats, _ = self.run_mode("goto", seed=1, count=5)
        b, _, _ = self.run_mode("goto", seed=1, count=5)
        c, _, _ = self.run_mode("goto", seed=2, count=5)
        self.assertEqual(a, b)
        self.assertEqual(len(a), 5)
        self.assertNotEqual(a, c)
        # Stops as soon as enough are kept (prints are not kept: builtins).
        self.assertEqual(stats["tried"], 5 + stats["not_in_root"])
        for row in a:
            self.assertIn(row, all_rows)


class GuardTests(TreeCase):
    def setUp(self):
        super().setUp()
        self.write({"m.py": """
            slow = 1
            boom = 2
            fine = 3
            print(slow, boom, fine)
        """})
        self.real_goto = jedi.Script.goto

    def test_timeout_and_errors_are_skipped_and_counted(self):
        test = self

        def goto(script, line, column, **kwargs):
            word = re.match(r"\w*", script._code_lines[line - 1][column:]).group(0)
            if word == "slow":
                while True:  # a hang jedi never returns from
                    pass
            if word == "boom":
                raise RuntimeError("jedi bug")
            return test.real_goto(script, line, column, **kwargs)

        with mock.patch.object(jedi.Script, "goto", goto):
            start = time.monotonic()
            rows, stats, err = self.run_mode("goto", timeout=0.5)
            elapsed = time.monotonic() - start
        self.assertLess(elapsed, 5)
        self.assertEqual(rows, [{
            "path": "m.py", "line": 4, "column": 19, "name": "fine", "category": "local",
            "jedi": [{"path": "m.py", "line": 3, "column": 1, "type": "statement"}]}])
        self.assertEqual(stats, {"tried": 4, "kept": 1, "not_in_root": 1, "timeouts": 1,
                                 "errors": 1})
        self.assertIn("jedi errors 1 (RuntimeError 1)", err)


class RefsTests(TreeCase):
    def test_references_across_files(self):
        self.write({
            "pkg/__init__.py": "from .impl import helper\n",
            "pkg/impl.py": """
                def helper(x):
                    return x
                LIMIT = 1
                LIMIT = 2
                def user():
                    ab = LIMIT
                    return ab
            """,
            "use.py": """
                from pkg import helper
                from pkg.impl import helper as h2, LIMIT
                helper(1)
                h2(2)
                print(LIMIT)
            """,
        })
        rows, stats, _ = self.run_mode("refs", files=["pkg/impl.py"])
        # Sampled: helper, user (defs) and LIMIT twice (module-level
        # assignments); not `ab` (a local, and shorter than 3 characters).
        self.assertEqual(sorted((r["line"], r["column"], r["name"]) for r in rows),
                         [(1, 5, "helper"), (3, 1, "LIMIT"), (4, 1, "LIMIT"), (5, 5, "user")])
        self.assertEqual(self.at(rows, "pkg/impl.py", 1, 5), {
            "path": "pkg/impl.py", "line": 1, "column": 5, "name": "helper", "jedi": [
                {"path": "pkg/__init__.py", "line": 1, "column": 19, "is_definition": True},
                {"path": "use.py", "line": 1, "column": 17, "is_definition": True},
                # The original name of an alias is a reference; the alias's
                # uses (h2(2)) are not.
                {"path": "use.py", "line": 2, "column": 22, "is_definition": False},
                {"path": "use.py", "line": 3, "column": 1, "is_definition": False}]})
        # Both module-level assignments are one variable: each lists the other.
        self.assertEqual(self.at(rows, "pkg/impl.py", 3, 1)["jedi"], [
            {"path": "pkg/impl.py", "line": 4, "column": 1, "is_definition": True},
            {"path": "pkg/impl.py", "line": 6, "column": 10, "is_definition": False},
            {"path": "use.py", "line": 2, "column": 36, "is_definition": True},
            {"path": "use.py", "line": 5, "column": 7, "is_definition": False}])
        self.assertEqual(self.at(rows, "pkg/impl.py", 5, 5)["jedi"], [])
        self.assertEqual(stats["tried"], 4)

    def test_method_references_need_inference(self):
        self.write({"m.py": """
            class Klass:
                def method(self):
                    return self.method
            k = Klass()
            k.method()
            def f(obj):
                obj.method()
        """})
        rows, _, _ = self.run_mode("refs")
        self.assertEqual(self.at(rows, "m.py", 2, 9)["jedi"], [
            {"path": "m.py", "line": 3, "column": 21, "is_definition": False},
            {"path": "m.py", "line": 5, "column": 3, "is_definition": False}])


class CliTests(TreeCase):
    def test_cli_all_files_and_summary(self):
        self.write({
            "a.py": "X = 1\nprint(X)\n",
            "sub/b.py": "from a import X\nY = X\n",
            "bad.py": "def f(:\n",
            "notes.txt": "X\n",
        })
        proc = subprocess.run([sys.executable, SCRIPT, "goto", self.root, "--seed", "3"],
                              capture_output=True, text=True, check=True)
        rows = sorted((json.loads(line) for line in proc.stdout.splitlines()),
                      key=lambda r: (r["path"], r["line"], r["column"]))
        self.assertEqual(rows, [
            {"path": "a.py", "line": 2, "column": 7, "name": "X", "category": "local",
             "jedi": [{"path": "a.py", "line": 1, "column": 1, "type": "statement"}]},
            {"path": "sub/b.py", "line": 2, "column": 5, "name": "X", "category": "cross",
             "jedi": [{"path": "a.py", "line": 1, "column": 1, "type": "statement"}]},
        ])
        self.assertRegex(proc.stderr, r"jedi_refs goto: tried 3, kept 2, no answer in ROOT 1, "
                                      r"timeouts 0, jedi errors 0, .*unreadable files 1")


if __name__ == "__main__":
    unittest.main()
