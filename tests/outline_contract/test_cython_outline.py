"""Self-tests for cython_outline.py (run: python3 -m unittest discover -s <this dir>).

They need an unpacked Cython sdist: `$CODESTUDY_CONTRACT_CPP_SDISTS/cython-3.0.11`
(`.ci/run` downloads it), else `target/contract-sdists-cpp/cython-3.0.11`. In CI
(`CI` set) a missing one fails; elsewhere the tests are skipped.
"""
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cython_outline  # noqa: E402


def cython_dir():
    base = os.environ.get("CODESTUDY_CONTRACT_CPP_SDISTS") or os.path.join(
        HERE, "..", "..", "target", "contract-sdists-cpp"
    )
    path = os.path.join(base, "cython-3.0.11")
    return path if os.path.isdir(path) else None


CYTHON = cython_dir()
if CYTHON is None and os.environ.get("CI") not in (None, "", "false", "0"):
    raise RuntimeError("no Cython sdist for the Cython outline's reference: run .ci/run")
CY = cython_outline.load_cython(CYTHON) if CYTHON else None


def outline(src, suffix=".pyx"):
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as f:
        f.write(textwrap.dedent(src).lstrip("\n"))
    try:
        return [tuple(r) for r in cython_outline.outline_file(CY, f.name)]
    finally:
        os.unlink(f.name)


@unittest.skipIf(CYTHON is None, "no unpacked Cython sdist")
class RuleTests(unittest.TestCase):
    def test_definitions_and_kinds(self):
        rows = outline("""
            cdef class A(B):
                cdef public int x, *y
                @cython.boundscheck(False)
                cdef inline int f(self) nogil:
                    cdef int local = 0
                    return local
                property q:
                    def __get__(self):
                        return 3
            def g():
                def inner():
                    pass
        """)
        self.assertEqual(rows, [
            ("class", "", "A", 1),
            ("variable", "A", "x", 2),
            ("variable", "A", "y", 2),
            ("method", "A", "f", 4),
            ("method", "A", "q", 7),
            ("function", "A.q", "__get__", 8),
            ("function", "", "g", 10),
            ("function", "g", "inner", 11),
        ])

    def test_decorated_def_line_is_the_def_line(self):
        rows = outline("""
            @property
            @other(1)
            def p(self):
                return 2
        """)
        self.assertEqual(rows, [("function", "", "p", 3)])

    def test_extern_blocks_structs_enums_typedefs(self):
        rows = outline("""
            cdef extern from "x.h" namespace "std":
                cdef cppclass V[T]:
                    V()
                    T& operator[](size_t)
                    void assign[It](It, It)
                ctypedef struct S:
                    int a
                    void callback(int)
                int g(int)
            cdef enum:
                K = 1
            ctypedef fused F:
                int
                double
            DEF N = 3
        """)
        self.assertEqual(rows, [
            ("namespace", "", "extern", 1),
            ("class", "extern", "V", 2),
            ("method", "extern.V", "V", 3),
            ("method", "extern.V", "operator[]", 4),
            ("method", "extern.V", "assign", 5),
            ("struct", "extern", "S", 6),
            ("variable", "extern.S", "a", 7),
            ("variable", "extern.S", "callback", 8),
            ("function", "extern", "g", 9),
            ("variable", "", "K", 11),
            ("variable", "", "F", 12),
            ("variable", "", "N", 15),
        ])

    def test_assignments_bind_once_per_scope_not_imports(self):
        rows = outline("""
            import numpy as np
            x: int = 3
            a, (b, c) = 1, (2, 3)
            a = 4
            obj.attr = 5
            def f():
                local = 1
            if True:
                class T:
                    y = 1
            else:
                class T:
                    y = 2
        """)
        self.assertEqual(rows, [
            ("variable", "", "x", 2),
            ("variable", "", "a", 3),
            ("variable", "", "b", 3),
            ("variable", "", "c", 3),
            ("function", "", "f", 6),
            ("class", "", "T", 9),
            ("variable", "T", "y", 10),
            ("class", "", "T", 12),
            ("variable", "T", "y", 13),
        ])


if __name__ == "__main__":
    unittest.main()
