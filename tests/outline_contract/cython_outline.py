#!/usr/bin/env python3
"""Reference outline for Cython files, computed with Cython's own parser.

Cython's compiler is pure Python: it runs from an unpacked Cython sdist
without being built. This script parses each file with
`Cython.Compiler.Parsing.p_module` and lists its definitions under the
rules of `src/outline/cython.rs`, as one JSON line per file:

    {"path": P, "ok": true, "symbols": [[kind, parent, name, line], ...]}
    {"path": P, "ok": false, "error": "..."}

Usage:
    cython_outline.py --cython CYTHON_SDIST_DIR --files-from LISTFILE
    cython_outline.py --cython CYTHON_SDIST_DIR FILE [FILE...]

Rules (the contract is the set of rows made here):
  * class     - `class`, `cdef class`, `cppclass`, a named `enum`.
  * struct    - `struct`, `union` (`ctypedef struct X:` too).
  * namespace - `cdef extern from ...:`, named `extern`.
  * method    - a def or C function (with or without a body) whose nearest
                enclosing definition is a class; `property x:` blocks.
  * function  - any other def or C function.
  * variable  - in a module, class, struct, enum or extern block (not in a
                function): C variables and fields (a function-typed field
                too), enum members, `ctypedef` names (fused types too), `DEF`
                constants, and names bound by assignments (not by imports,
                which Cython's tree writes as assignments); once per scope,
                at the first binding.
  Blocks (if/for/while/with/try, compile-time IF) are looked through.
  `line` is the line of `def`/`cdef`/`class`: Cython puts a decorated
  def at its first decorator, so that line is found from there in the
  source. Rows have no end line: Cython's nodes have none.
"""
import argparse
import json
import re
import sys

sys.setrecursionlimit(20000)

_DEF_LINE = re.compile(rb"^\s*(async\s+)?(def|cdef|cpdef|class)\b")


def load_cython(path):
    sys.path.insert(0, path)
    from Cython.Compiler import Errors, ExprNodes, Nodes, Parsing  # noqa: E402

    # DEF leaves a pass statement behind, which the statement list drops:
    # leave a statement of our own instead (the name is read from its line).
    original = Parsing.p_DEF_statement

    class DefConstNode(Nodes.StatNode):
        child_attrs = []

    def p_def_statement(s):
        node = original(s)
        return DefConstNode(node.pos)

    Parsing.p_DEF_statement = p_def_statement
    Nodes.DefConstNode = DefConstNode
    return Errors, ExprNodes, Nodes, Parsing


def parse(cy, path, src):
    Errors, _, _, Parsing = cy
    from io import StringIO

    from Cython.Compiler.Scanning import PyrexScanner, StringSourceDescriptor
    from Cython.Compiler.TreeFragment import StringParseContext

    Errors.init_thread()
    ctx = StringParseContext("m")
    desc = StringSourceDescriptor("m", src)
    scope = ctx.find_module("m", pos=("m", 1, 0), need_pxd=False)
    scanner = PyrexScanner(
        StringIO(src), desc, source_encoding="UTF-8", scope=scope, context=ctx,
        initial_pos=("m", 1, 0),
    )
    return Parsing.p_module(scanner, path.endswith(".pxd"), "m")


class Outline:
    def __init__(self, cy, lines):
        _, self.E, self.N, _ = cy
        self.lines = lines
        self.rows = []
        self.seen = set()

    def def_line(self, node):
        """The `def` line of a node Cython placed at its first decorator."""
        line = node.pos[1]
        if getattr(node, "decorators", None):
            for k in range(line - 1, min(len(self.lines), line + 200)):
                if _DEF_LINE.match(self.lines[k]) and not self.lines[k].lstrip().startswith(b"@"):
                    return k + 1
        return line

    def add(self, kind, scope, name, line):
        self.rows.append((kind, ".".join(n for n, _, _ in scope), name, line))

    def variable(self, scope, name, line):
        # Once per scope: per definition, not per name (two classes of one
        # name in two branches are two scopes).
        key = (scope[-1][2] if scope else None, name)
        if key not in self.seen:
            self.seen.add(key)
            self.add("variable", scope, name, line)

    @staticmethod
    def in_function(scope):
        return bool(scope) and scope[-1][1] in ("function", "method")

    @staticmethod
    def in_class(scope):
        return bool(scope) and scope[-1][1] == "class"

    @staticmethod
    def inner(scope, name, kind, node):
        return scope + [(name, kind, id(node))]

    def declarator(self, d):
        """(name, is_function) of a C declarator: a function when the
        declarator right around the name is a function's."""
        N = self.N
        chain = []
        while d is not None and not isinstance(d, N.CNameDeclaratorNode):
            chain.append(d)
            d = getattr(d, "base", None)
        if d is None:
            return None, False
        # `f[T](...)`: Cython reads the template parameters as an array
        # declarator inside the function's.
        if (
            len(chain) >= 2 and isinstance(chain[-1], N.CArrayDeclaratorNode)
            and isinstance(chain[-2], N.CFuncDeclaratorNode)
        ):
            chain.pop()
        return d.name, bool(chain) and isinstance(chain[-1], N.CFuncDeclaratorNode)

    def targets(self, node, out):
        """(name, line) of the names a target binds."""
        E = self.E
        if isinstance(node, E.NameNode):
            out.append((node.name, node.pos[1]))
        elif isinstance(node, (E.TupleNode, E.ListNode)):
            for a in node.args:
                self.targets(a, out)
        elif isinstance(node, E.StarredUnpackingNode):
            self.targets(node.target, out)

    def walk(self, node, scope):
        N, E = self.N, self.E
        if node is None or isinstance(node, E.ExprNode):
            return
        if isinstance(node, list):
            for n in node:
                self.walk(n, scope)
            return
        func_kind = "method" if self.in_class(scope) else "function"
        if isinstance(node, N.DefNode):
            self.add(func_kind, scope, node.name, self.def_line(node))
            self.walk(node.body, self.inner(scope, node.name, func_kind, node))
        elif isinstance(node, N.CFuncDefNode):
            name, _ = self.declarator(node.declarator)
            self.add(func_kind, scope, name, node.pos[1])
            self.walk(node.body, self.inner(scope, name, func_kind, node))
        elif isinstance(node, (N.CClassDefNode, N.PyClassDefNode)):
            name = node.class_name if isinstance(node, N.CClassDefNode) else node.name
            self.add("class", scope, name, self.def_line(node))
            self.walk(node.body, self.inner(scope, name, "class", node))
        elif isinstance(node, N.CppClassNode):
            # A `struct`/`union` in a C++ class is a CppClassNode too.
            words = self.lines[node.pos[1] - 1].split()
            kind = "struct" if words[:1] in ([b"struct"], [b"union"]) else "class"
            self.add(kind, scope, node.name, node.pos[1])
            self.walk(node.attributes, self.inner(scope, node.name, kind, node))
        elif isinstance(node, N.CStructOrUnionDefNode):
            self.add("struct", scope, node.name, node.pos[1])
            self.walk(node.attributes, self.inner(scope, node.name, "struct", node))
        elif isinstance(node, N.CEnumDefNode):
            inner = scope
            if node.name:
                self.add("class", scope, node.name, node.pos[1])
                inner = self.inner(scope, node.name, "class", node)
            for item in node.items or []:
                self.variable(inner, item.name, item.pos[1])
        elif isinstance(node, N.CTypeDefNode):
            name, _ = self.declarator(node.declarator)
            if name and not self.in_function(scope):
                self.variable(scope, name, node.pos[1])
        elif type(node).__name__ == "FusedTypeNode":
            if not self.in_function(scope):
                self.variable(scope, node.name, node.pos[1])
        elif isinstance(node, N.CDefExternNode):
            self.add("namespace", scope, "extern", node.pos[1])
            self.walk(node.body, self.inner(scope, "extern", "namespace", node))
        elif isinstance(node, N.PropertyNode):
            self.add("method", scope, node.name, node.pos[1])
            self.walk(node.body, self.inner(scope, node.name, "method", node))
        elif isinstance(node, N.CVarDefNode):
            if self.in_function(scope):
                return
            for d in node.declarators:
                name, is_function = self.declarator(d)
                if name is None:
                    continue
                # A function-typed field of a struct is a field.
                in_struct = bool(scope) and scope[-1][1] == "struct"
                if is_function and not in_struct:
                    self.add(func_kind, scope, name, node.pos[1])
                else:
                    self.variable(scope, name, d.pos[1])
        elif isinstance(node, (N.SingleAssignmentNode, N.CascadedAssignmentNode)):
            if self.in_function(scope) or (scope and scope[-1][1] != "class"):
                return
            # `import x` is an assignment of an import to Cython.
            if isinstance(node.rhs, E.ImportNode):
                return
            lhs = [node.lhs] if isinstance(node, N.SingleAssignmentNode) else node.lhs_list
            names = []
            for t in lhs:
                self.targets(t, names)
            for n, line in names:
                self.variable(scope, n, line)
        elif isinstance(node, N.ExprStatNode):
            # `x: int` alone.
            e = node.expr
            if (
                isinstance(e, E.NameNode) and getattr(e, "annotation", None) is not None
                and not self.in_function(scope) and (not scope or scope[-1][1] == "class")
            ):
                self.variable(scope, e.name, node.pos[1])
        elif isinstance(node, N.DefConstNode):
            m = re.match(rb"\s*DEF\s+(\w+)", self.lines[node.pos[1] - 1])
            if m and not self.in_function(scope):
                self.variable(scope, m.group(1).decode(), node.pos[1])
        else:
            for attr in getattr(node, "child_attrs", []) or []:
                self.walk(getattr(node, attr, None), scope)


def outline_file(cy, path):
    with open(path, "rb") as f:
        data = f.read()
    src = data.decode("utf-8", errors="replace")
    tree = parse(cy, path, src)
    o = Outline(cy, data.split(b"\n"))
    o.walk(tree.body, [])
    return sorted(set(o.rows), key=lambda r: (r[3], r))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cython", required=True, help="an unpacked Cython sdist")
    ap.add_argument("--files-from")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args(argv)
    cy = load_cython(args.cython)
    files = list(args.files)
    if args.files_from:
        with open(args.files_from) as f:
            files += [line.rstrip("\n") for line in f if line.strip()]
    for path in files:
        try:
            rows = outline_file(cy, path)
            print(json.dumps({"path": path, "ok": True, "symbols": rows}))
        except Exception as e:  # a file Cython cannot parse is skipped
            print(json.dumps({"path": path, "ok": False, "error": f"{type(e).__name__}: {e}"}))


if __name__ == "__main__":
    main(sys.argv[1:])
