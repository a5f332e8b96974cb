"""Self-tests for ast_outline.py (run: python3 -m unittest discover -s <this dir>)."""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ast_outline  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ast_outline.py")


def outline(src):
    return [tuple(s) for s in ast_outline.outline_source(textwrap.dedent(src).lstrip("\n").encode())]


class DefinitionTests(unittest.TestCase):
    def test_decorated_method_line_is_def_line(self):
        syms = outline("""
            class C:
                @property
                @other(1)
                def m(self):
                    return 1
        """)
        self.assertEqual(syms, [("class", "", "C", 1, 5), ("method", "C", "m", 4, 5)])

    def test_async_def(self):
        syms = outline("""
            async def f():
                pass
            class C:
                async def g(self):
                    pass
        """)
        self.assertIn(("function", "", "f", 1, 2), syms)
        self.assertIn(("method", "C", "g", 4, 5), syms)

    def test_nested_function_in_method(self):
        syms = outline("""
            class C:
                def m(self):
                    def helper():
                        def deeper():
                            pass
        """)
        self.assertIn(("function", "C.m", "helper", 3, 5), syms)
        self.assertIn(("function", "C.m.helper", "deeper", 4, 5), syms)

    def test_class_inside_function_and_its_methods(self):
        syms = outline("""
            def outer():
                class Inner:
                    def m(self):
                        pass
        """)
        self.assertIn(("class", "outer", "Inner", 2, 4), syms)
        self.assertIn(("method", "outer.Inner", "m", 3, 4), syms)

    def test_blocks_are_transparent(self):
        syms = outline("""
            if TYPE_CHECKING:
                def a(): pass
            else:
                def b(): pass
            try:
                def c(): pass
            except ImportError:
                def d(): pass
            else:
                def e(): pass
            finally:
                def f(): pass
            class K:
                match x:
                    case 1:
                        def g(self): pass
                    case _:
                        with ctx:
                            for i in y:
                                while True:
                                    def h(self): pass
        """)
        for name, line in [("a", 2), ("b", 4), ("c", 6), ("d", 8), ("e", 10), ("f", 12)]:
            self.assertIn(("function", "", name, line, line), syms)
        self.assertIn(("method", "K", "g", 16, 16), syms)
        self.assertIn(("method", "K", "h", 21, 21), syms)

    def test_lambda_is_not_a_scope(self):
        syms = outline("f = lambda: 0\n")
        self.assertEqual(syms, [("variable", "", "f", 1, 1)])


class VariableTests(unittest.TestCase):
    def test_tuple_starred_chained_and_annotated(self):
        syms = outline("""
            a, (b, [c]), *rest = data
            x = y = 1
            z: int
            w: int = 2
        """)
        names = {(s[2], s[3]) for s in syms}
        self.assertEqual(names, {("a", 1), ("b", 1), ("c", 1), ("rest", 1),
                                 ("x", 2), ("y", 2), ("z", 3), ("w", 4)})

    def test_ignored_bindings(self):
        syms = outline("""
            import os
            n = 0
            n += 1
            m += 1
            self.x = 1
            d[k] = 2
            obj.a, t = 3, 4
            for i in r: pass
            with c as v: pass
            if (q := 1): pass
            def f(p):
                local = 1
                for j in r:
                    deep = 2
            class C:
                def m(self):
                    self.attr = inner = 3
        """)
        variables = {s[2] for s in syms if s[0] == "variable"}
        self.assertEqual(variables, {"n", "t"})

    def test_duplicate_keeps_first_line(self):
        syms = outline("""
            if cond:
                X = 1
            else:
                X = 2
            X = 3
        """)
        self.assertEqual(syms, [("variable", "", "X", 2, 2)])

    def test_two_classes_with_one_path_are_two_scopes(self):
        syms = outline("""
            if cond:
                class X:
                    a = 1
            else:
                class X:
                    a = 2
        """)
        self.assertEqual(syms, [
            ("class", "", "X", 2, 3),
            ("variable", "X", "a", 3, 3),
            ("class", "", "X", 5, 6),
            ("variable", "X", "a", 6, 6),
        ])

    def test_variable_and_def_same_name_both_kept(self):
        syms = outline("""
            f = None
            def f(): pass
        """)
        self.assertEqual(syms, [("variable", "", "f", 1, 1), ("function", "", "f", 2, 2)])

    def test_class_body_variables_including_class_in_function(self):
        syms = outline("""
            class C:
                a: int
                try:
                    b = 1
                except E:
                    b = 2
            def outer():
                v = 0
                class Inner:
                    c = 1
        """)
        self.assertIn(("variable", "C", "a", 2, 2), syms)
        self.assertIn(("variable", "C", "b", 4, 4), syms)
        self.assertIn(("variable", "outer.Inner", "c", 10, 10), syms)
        self.assertNotIn("v", {s[2] for s in syms})

    def test_multiline_assignment_end_line(self):
        syms = outline("""
            CONFIG = {
                "a": 1,
                "b": 2,
            }
            (first,
             second) = 1, 2
        """)
        self.assertIn(("variable", "", "CONFIG", 1, 4), syms)
        self.assertIn(("variable", "", "first", 5, 6), syms)
        self.assertIn(("variable", "", "second", 6, 6), syms)


class FileTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_latin1_coding_cookie(self):
        src = "# -*- coding: latin-1 -*-\ncaf\xe9 = 'd\xe9j\xe0'\n".encode("latin-1")
        result = ast_outline.outline_file(self.write("l1.py", src))
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["symbols"], [["variable", "", "caf\xe9", 2, 2]])

    def test_errors_reported_and_cli_continues(self):
        bad = self.write("bad.py", b"def f(:\n")
        nul = self.write("nul.py", b"x = 1\x00\n")
        good = self.write("good.py", b"def g():\n    pass\n")
        listfile = self.write("list.txt", "\n".join([bad, nul, good]).encode())
        for args in ([bad, nul, good], ["--files-from", listfile]):
            out = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True,
                                 text=True, check=True).stdout
            rows = [json.loads(line) for line in out.splitlines()]
            self.assertEqual([r["path"] for r in rows], [bad, nul, good])
            self.assertFalse(rows[0]["ok"])
            self.assertTrue(rows[0]["error"].startswith("SyntaxError: "), rows[0])
            self.assertFalse(rows[1]["ok"])
            self.assertEqual(rows[2], {"path": good, "ok": True,
                                       "symbols": [["function", "", "g", 1, 2]]})

    def test_deep_nesting_does_not_break_walker(self):
        depth = 90  # below CPython's static block limit (~100 nested blocks)
        lines = [" " * i + "if x:" for i in range(depth)]
        lines.append(" " * depth + "deep = 1")
        syms = ast_outline.outline_source("\n".join(lines).encode())
        self.assertEqual(syms, [["variable", "", "deep", depth + 1, depth + 1]])


if __name__ == "__main__":
    unittest.main()
