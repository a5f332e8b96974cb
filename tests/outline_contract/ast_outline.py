#!/usr/bin/env python3
"""Reference symbol outline for Python files, computed with the stdlib `ast`.

This is the ground truth the Rust tree-sitter outline extractor is compared
against. For each file it prints one JSON line:

    {"path": P, "ok": true, "symbols": [[kind, parent, name, line, end_line], ...]}
    {"path": P, "ok": false, "error": "ExceptionType: message"}

Usage:
    ast_outline.py FILE [FILE...]
    ast_outline.py --files-from LISTFILE     (one path per line)

Rules (summary; the contract is the set of tuples produced here):
  * class    - every ClassDef, anywhere.
  * method   - a (Async)FunctionDef whose nearest enclosing *definition*
               (ClassDef/FunctionDef/AsyncFunctionDef) is a class.
  * function - any other (Async)FunctionDef.
  * variable - a name bound by Assign/AnnAssign whose nearest enclosing
               definition is a class, or the module. Reported once per scope
               at its first binding.
  Compound-statement blocks (if/for/while/with/try/match ...) are transparent:
  they never change the enclosing definition. Lambdas never create scopes.
"""
import ast
import json
import sys

# Deeply nested but valid sources make ast.parse itself recurse; our own
# walker is iterative, so this only matters for the parser/compiler.
sys.setrecursionlimit(100000)

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Fields holding nested statement lists of compound statements. Try/TryStar
# handlers and match cases hold their bodies one level deeper (see below).
_BLOCK_FIELDS = ("body", "orelse", "finalbody")
_TRY = tuple(getattr(ast, n) for n in ("Try", "TryStar") if hasattr(ast, n))
_MATCH = getattr(ast, "Match", ())


def _target_names(target):
    """Yield the ast.Name nodes bound by an assignment target.

    Tuple/List destructure recursively, Starred binds its inner target;
    Attribute and Subscript targets bind no name.
    """
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            yield node
        elif isinstance(node, (ast.Tuple, ast.List)):
            stack.extend(reversed(node.elts))
        elif isinstance(node, ast.Starred):
            stack.append(node.value)


def outline_tree(tree):
    """Return the sorted symbol list for a parsed ast.Module."""
    symbols = []
    # (scope, name) -> (lineno, col_offset, end_line, parent path) of the
    # first binding. A scope is one module or class body: keyed by the
    # defining node, not its dotted path, because two classes may share a
    # path (`class X` defined twice in one function, or in both branches of
    # an `if`) and each has its own variables.
    first_binding = {}
    # Stack items: (statement list, parent path, kind of enclosing definition
    # or None for the module, scope key).
    stack = [(tree.body, "", None, 0)]
    while stack:
        stmts, parent, owner, scope = stack.pop()
        for node in stmts:
            if isinstance(node, _DEFS):
                if isinstance(node, ast.ClassDef):
                    kind = "class"
                else:
                    kind = "method" if owner == "class" else "function"
                symbols.append([kind, parent, node.name, node.lineno, node.end_lineno])
                path = f"{parent}.{node.name}" if parent else node.name
                stack.append((node.body, path, "class" if kind == "class" else "function", id(node)))
                continue
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                # Only module and class bodies bind outline variables; the
                # immediately enclosing definition decides, not the block.
                if owner != "function":
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        for name in _target_names(target):
                            key = (scope, name.id)
                            val = (name.lineno, name.col_offset, node.end_lineno, parent)
                            # Earliest (line, column) wins regardless of walk
                            # order: the stack does not visit blocks in source order.
                            if key not in first_binding or val[:2] < first_binding[key][:2]:
                                first_binding[key] = val
                continue
            # Compound statements: recurse with the SAME enclosing definition.
            # Other statements (expressions, imports, ...) cannot hold defs or
            # assignments except via lambdas, which never define symbols.
            for field in _BLOCK_FIELDS:
                body = getattr(node, field, None)
                if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                    stack.append((body, parent, owner, scope))
            if isinstance(node, _TRY):
                for handler in node.handlers:
                    stack.append((handler.body, parent, owner, scope))
            elif _MATCH and isinstance(node, _MATCH):
                for case in node.cases:
                    stack.append((case.body, parent, owner, scope))
    for (_scope, name), (line, _col, end_line, parent) in first_binding.items():
        symbols.append(["variable", parent, name, line, end_line])
    symbols.sort(key=lambda s: (s[3], s[0], s[1], s[2], s[4]))
    return symbols


def outline_source(source, filename="<unknown>"):
    """Parse source (bytes, so PEP 263 coding cookies apply) and outline it.

    Raises whatever ast.parse raises for unparsable input.
    """
    return outline_tree(ast.parse(source, filename=filename))


def outline_file(path):
    """Return the JSON-ready result dict for one file; never raises for bad input."""
    try:
        with open(path, "rb") as f:
            source = f.read()
        return {"path": path, "ok": True, "symbols": outline_source(source, path)}
    except (SyntaxError, ValueError, RecursionError, MemoryError,
            UnicodeDecodeError, OSError) as exc:
        # SyntaxError covers IndentationError/TabError; ValueError covers
        # null bytes; UnicodeDecodeError is a ValueError but listed for clarity.
        return {"path": path, "ok": False, "error": f"{type(exc).__name__}: {exc}"}


def main(argv):
    if argv[:1] == ["--files-from"] and len(argv) == 2:
        with open(argv[1], encoding="utf-8") as f:
            paths = [line.rstrip("\r\n") for line in f if line.strip()]
    elif argv and not argv[0].startswith("--"):
        paths = argv
    else:
        print(__doc__.split("Rules")[0].strip(), file=sys.stderr)
        return 2
    out = sys.stdout
    for path in paths:
        out.write(json.dumps(outline_file(path)) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
