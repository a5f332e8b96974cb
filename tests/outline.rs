//! The outline engine on fixtures that use every construct (golden files,
//! checked with insta), and on hostile input: syntax errors, deep nesting,
//! invalid UTF-8, size caps and cancellation.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use codestudy::commands::outline::format_text;
use codestudy::outline::{
    DEFAULT_SIZE_CAP, Lang, Outline, OutlineError, Symbol, SymbolKind, outline,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/outline")
            .join(name),
    )
    .unwrap()
}

fn run(lang: Lang, src: &[u8]) -> Outline {
    outline(Some(lang), src, usize::MAX, &AtomicBool::new(false)).unwrap()
}

fn find<'a>(o: &'a Outline, path: &str) -> &'a Symbol {
    o.flatten()
        .into_iter()
        .find(|(parents, s)| {
            let mut p = parents.join(".");
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(&s.name);
            p == path
        })
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("{path} not in the outline"))
}

#[test]
fn golden_python_constructs() {
    let o = run(Lang::Python, &fixture("constructs.py"));
    insta::assert_snapshot!("constructs_py_text", format_text("constructs.py", &o));
    insta::assert_snapshot!(
        "constructs_py_json",
        serde_json::to_string_pretty(&o).unwrap()
    );
}

#[test]
fn golden_cpp_and_c() {
    let o = run(Lang::Cpp, &fixture("constructs.cc"));
    insta::assert_snapshot!("constructs_cc_text", format_text("constructs.cc", &o));
    let o = run(Lang::C, &fixture("constructs.c"));
    insta::assert_snapshot!("constructs_c_text", format_text("constructs.c", &o));
}

#[test]
fn every_field_of_a_symbol() {
    let o = run(Lang::Python, &fixture("constructs.py"));
    let d = find(&o, "decorated");
    assert_eq!(d.kind, SymbolKind::Function);
    assert_eq!(
        (d.line, d.end_line, d.column),
        (40, 50, 1),
        "def line, not the decorator's; trailing comment excluded"
    );
    assert_eq!(d.decorators, ["functools.lru_cache(maxsize=None)"]);
    assert_eq!(
        d.signature.as_deref(),
        Some("(a, b=2, *args, c: int = 3, **kwargs) -> int")
    );
    assert_eq!(d.doc.as_deref(), Some("Decorated with a call."));
    assert!(!d.is_async);

    let h = find(&o, "handler_async");
    assert!(h.is_async);
    assert_eq!(
        h.decorators,
        ["app.route(\"/path\", methods=[\"GET\"],)"],
        "comment left out, lines joined"
    );
    assert_eq!(
        h.doc.as_deref(),
        Some("Docstring whose first line is blank.")
    );
    assert_eq!(
        find(&o, "raw_doc").doc.as_deref(),
        Some("Raw docstring with \\n kept.")
    );
    assert_eq!(
        find(&o, "no_docs").doc,
        None,
        "f-strings are not docstrings"
    );
    assert_eq!(find(&o, "bytes_doc").doc, None, "bytes are not docstrings");

    let m = find(&o, "Model");
    assert_eq!(m.signature.as_deref(), Some("(Base, metaclass=type)"));
    assert_eq!(find(&o, "Base").signature, None);
    let value: Vec<&Symbol> = m.children.iter().filter(|c| c.name == "value").collect();
    assert_eq!(value.len(), 2, "getter and setter are both definitions");
    assert_eq!(value[1].decorators, ["value.setter"]);
    for blocked in [
        "only_for_checkers",
        "maybe",
        "under_with",
        "under_while",
        "under_match",
    ] {
        assert_eq!(
            find(&o, &format!("Model.{blocked}")).kind,
            SymbolKind::Method,
            "{blocked}"
        );
    }
    assert_eq!(
        find(&o, "Model.static.nested_in_method").kind,
        SymbolKind::Function
    );
    assert_eq!(find(&o, "factory.Local").kind, SymbolKind::Class);
    assert_eq!(
        find(&o, "factory.Local.local_method").kind,
        SymbolKind::Method
    );
    assert_eq!(
        find(&o, "factory.Local.local_attr").kind,
        SymbolKind::Variable
    );

    let var = |n: &str| {
        o.symbols
            .iter()
            .find(|s| s.name == n && s.kind == SymbolKind::Variable)
    };
    assert_eq!(var("PLAIN").unwrap().line, 8, "first binding");
    for bound in [
        "ANNOTATED",
        "DECLARED_ONLY",
        "first",
        "second",
        "rest",
        "listed",
        "chain_a",
        "chain_b",
        "CHECKED_ONLY",
        "OTHERWISE",
        "json_impl",
        "IN_LOOP",
        "handler",
    ] {
        assert!(var(bound).is_some(), "{bound}");
    }
    for unbound in [
        "attr",
        "registry",
        "walrus",
        "loop_var",
        "inner_var",
        "PathLike",
    ] {
        assert!(
            var(unbound).is_none(),
            "{unbound} binds no outline variable"
        );
    }
    assert!(!o.has_errors);
}

#[test]
fn pep_695_type_parameters() {
    let o = run(Lang::Python, &fixture("pep695.py"));
    assert_eq!(
        find(&o, "first").signature.as_deref(),
        Some("[T](items: list[T]) -> T")
    );
    assert_eq!(find(&o, "Box").signature.as_deref(), Some("[T](Base)"));
}

#[test]
fn syntax_errors_keep_every_recoverable_symbol() {
    let o = run(Lang::Python, &fixture("syntax_errors.py"));
    assert!(o.has_errors);
    assert_eq!(o.error_lines, [(5, 5), (11, 11)]);
    for path in ["fine", "Broken", "Broken.still_found", "also_fine", "LAST"] {
        find(&o, path);
    }
}

#[test]
fn ten_thousand_nested_brackets_blocks_and_defs_do_not_overflow() {
    let brackets = format!(
        "x = {}{}\ndef after(): pass\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut blocks = String::new();
    let mut defs = String::new();
    for i in 0..10_000 {
        blocks.push_str(&format!("{}if x:\n", " ".repeat(i)));
        defs.push_str(&format!("{}def f{i}():\n", " ".repeat(i)));
    }
    blocks.push_str(&format!("{}def deepest(): pass\n", " ".repeat(10_000)));
    defs.push_str(&format!("{}pass\n", " ".repeat(10_000)));
    // Run on a small stack, as a background job would.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let o = run(Lang::Python, brackets.as_bytes());
            find(&o, "after");
            let o = run(Lang::Python, blocks.as_bytes());
            assert!(o.flatten().iter().any(|(_, s)| s.name == "deepest"));
            // Python refuses more than 100 levels of indentation, and
            // tree-sitter-python's scanner tracks about 512 (its indent
            // stack must fit tree-sitter's 1 KiB state buffer): what it
            // parses is outlined, with the nesting bounded.
            let o = run(Lang::Python, defs.as_bytes());
            let all = o.flatten();
            assert!(all.len() >= 500, "{} defs", all.len());
            let depth = all.iter().map(|(parents, _)| parents.len()).max().unwrap();
            assert_eq!(
                depth,
                codestudy::outline::python::MAX_NESTING - 1,
                "nesting is bounded"
            );
            let json = serde_json::to_string(&o).unwrap();
            assert!(
                json.contains("\"name\":\"f9999\""),
                "the deepest def serializes"
            );
            drop(o);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn invalid_utf8_does_not_stop_the_outline() {
    let src = b"def caf\xe9():\n    pass\n\nclass Ok:\n    name = '\xff\xfe'\n";
    let o = run(Lang::Python, src);
    find(&o, "Ok");
    find(&o, "Ok.name");
}

#[test]
fn files_over_the_cap_are_not_parsed() {
    let big = "x = 1\n".repeat(DEFAULT_SIZE_CAP / 6 + 10);
    let o = outline(
        Some(Lang::Python),
        big.as_bytes(),
        DEFAULT_SIZE_CAP,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(o.too_large, Some(big.len()));
    assert!(o.symbols.is_empty());
    assert!(format_text("big.py", &o).contains("too large to outline"));
}

#[test]
fn other_files_get_no_outline_not_an_error() {
    let o = outline(
        Lang::detect("README.md", b"# hi"),
        b"# hi",
        DEFAULT_SIZE_CAP,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(o.language, None);
    assert!(o.symbols.is_empty());
}

#[test]
fn a_parse_can_be_cancelled() {
    let cancelled = AtomicBool::new(true);
    assert_eq!(
        outline(
            Some(Lang::Python),
            b"def f(): pass\n",
            usize::MAX,
            &cancelled
        ),
        Err(OutlineError::Cancelled)
    );
    // Cancelled from another thread while a large parse runs.
    let big: Vec<u8> = "def f(a, b):\n    return [a + b for _ in range(10)]\n"
        .repeat(200_000)
        .into_bytes();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let worker = std::thread::spawn(move || outline(Some(Lang::Python), &big, usize::MAX, &flag));
    std::thread::sleep(Duration::from_millis(20));
    cancel.store(true, Ordering::Relaxed);
    assert_eq!(worker.join().unwrap(), Err(OutlineError::Cancelled));
}

mod common;

/// `codestudy outline PATH` on a file on disk, with nothing of the
/// developer's own settings.
fn outline_cli(path: &Path, json: bool) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("codestudy").unwrap();
    cmd.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("CODESTUDY_CACHE_DIR", tmp.path())
        .arg("outline")
        .arg(path);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A Cython module in the style of a tree-building extension (written for
/// this test).
const CYTHON_TREE: &str = r#"# cython: language_level=3
"""Splitting nodes."""
cimport cython
from libc.math cimport log

cdef extern from "node.h" nogil:
    ctypedef struct Node:
        int left
        double threshold
    Node* new_node(int depth) except NULL

ctypedef fused floating:
    float
    double

cdef double EPSILON = 1e-7

cdef class Splitter:
    """Finds the best split of a node."""
    cdef public int max_features
    cdef double* weights

    def __cinit__(self, int max_features):
        self.max_features = max_features

    @cython.boundscheck(False)
    cdef inline int node_split(self, floating[:] X, Node* node) except -1 nogil:
        cdef int i
        return 0

cpdef double entropy(double p):
    return -p * log(p)
"#;

#[test]
fn cython_through_codestudy_outline_on_a_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_splitter.pyx");
    std::fs::write(&path, CYTHON_TREE).unwrap();
    let text = outline_cli(&path, false);
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("_splitter.pyx (cython, 13 symbols)"),
        "{text}"
    );
    assert_eq!(
        body,
        [
            "namespace extern from \"node.h\" nogil  L6-10",
            "  struct Node  L7-9",
            "    variable left  L8",
            "    variable threshold  L9",
            "  function new_node(int depth) except NULL -> Node*  L10",
            "variable floating = fused (float, double)  L12-14",
            "variable EPSILON  L16",
            "class Splitter  L18-29",
            "  variable max_features  L20",
            "  variable weights  L21",
            "  method __cinit__(self, int max_features)  L23-24",
            "  method node_split(self, floating[:] X, Node* node) except -1 nogil -> int  @cython.boundscheck(False)  L27-29",
            "function entropy(double p) -> double  L31-32",
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&outline_cli(&path, true)).unwrap();
    assert_eq!(json["language"], "cython");
    assert_eq!(json["has_errors"], false);
    let splitter = &json["symbols"][3];
    assert_eq!(splitter["name"], "Splitter");
    assert_eq!(splitter["doc"], "Finds the best split of a node.");
    let split = &splitter["children"][3];
    assert_eq!(split["name"], "node_split");
    assert_eq!(split["kind"], "method");
    assert_eq!(
        (split["line"].as_u64(), split["column"].as_u64()),
        (Some(27), Some(5))
    );
    assert_eq!(split["decorators"][0], "cython.boundscheck(False)");
    // A `.pxd` and a `.pxi` are Cython too.
    for name in ["_splitter.pxd", "helpers.pxi"] {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            "cdef class Splitter:\n    cdef int node_split(self) except -1\n",
        )
        .unwrap();
        assert_eq!(
            outline_cli(&p, false).lines().skip(1).collect::<Vec<_>>(),
            [
                "class Splitter  L1-2",
                "  method node_split(self) except -1 -> int  L2"
            ],
        );
    }
}

/// Kernel code in the style of TensorFlow's and PyTorch's (written for this
/// test): registration macros, export macros, out-of-line methods.
const KERNEL_CC: &str = r#"#include "tensorflow/core/framework/op_kernel.h"

namespace tensorflow {
namespace functor {

template <typename Device, typename T>
class TORCH_API Conv2DOp : public OpKernel {
 public:
  explicit Conv2DOp(OpKernelConstruction* context);
  C10_DEPRECATED_MESSAGE("use Compute2")
  void Compute(OpKernelContext* context) override;
  bool operator==(const Conv2DOp& other) const { return true; }
};

template <typename Device, typename T>
Conv2DOp<Device, T>::Conv2DOp(OpKernelConstruction* context) : OpKernel(context) {}

template <typename Device, typename T>
void Conv2DOp<Device, T>::Compute(OpKernelContext* context) {
  Tensor* output = nullptr;
}

REGISTER_KERNEL_BUILDER(Name("Conv2D").Device(DEVICE_CPU).TypeConstraint<float>("T"),
                        Conv2DOp<CPUDevice, float>);

}  // namespace functor
}  // namespace tensorflow

TORCH_LIBRARY(myops, m) {
  m.def("conv2d(Tensor x) -> Tensor");
}

TORCH_LIBRARY_IMPL(myops, CPU, m) {
  m.impl("conv2d", conv2d_cpu);
}
"#;

#[test]
fn kernel_code_through_codestudy_outline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conv_ops.cc");
    std::fs::write(&path, KERNEL_CC).unwrap();
    let text = outline_cli(&path, false);
    assert_eq!(
        text.lines().skip(1).collect::<Vec<_>>(),
        [
            "namespace tensorflow  L3-27",
            "  namespace functor  L4-26",
            "    class Conv2DOp : public OpKernel  L7-13",
            "      method operator==(const Conv2DOp& other) const  L12",
            "    class Conv2DOp  L16-21",
            "      method Conv2DOp(OpKernelConstruction* context)  L16",
            "      method Compute(OpKernelContext* context)  L19-21",
            "    macro REGISTER_KERNEL_BUILDER Conv2D (Name(\"Conv2D\").Device(DEVICE_CPU).TypeConstraint<float>(\"T\"), Conv2DOp<CPUDevice, float>)  L23-24",
            "macro TORCH_LIBRARY myops  L29-31",
            "macro TORCH_LIBRARY_IMPL myops CPU  L33-35",
        ],
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&outline_cli(&path, true)).unwrap();
    let group = &json["symbols"][0]["children"][0]["children"][1];
    assert_eq!(group["doc"], codestudy::outline::cpp::OUT_OF_LINE);
    assert_eq!(json["symbols"][1]["kind"], "macro");
}

/// A stub file: overloads, `...` bodies, a class of them.
const STUB: &str = r#"from typing import overload

class Tensor:
    shape: tuple[int, ...]
    @overload
    def sum(self) -> Tensor: ...
    @overload
    def sum(self, dim: int, keepdim: bool = ...) -> Tensor: ...
    def __add__(self, other: Tensor) -> Tensor: ...

@overload
def zeros(size: int) -> Tensor: ...
@overload
def zeros(*size: int) -> Tensor: ...
"#;

#[test]
fn a_pyi_stub_is_outlined_and_indexed() {
    let o = run(Lang::Python, STUB.as_bytes());
    assert_eq!(Lang::from_path("torch/_C/__init__.pyi"), Some(Lang::Python));
    assert!(!o.has_errors);
    let rows: Vec<(String, SymbolKind, u32, Vec<String>)> = o
        .dotted()
        .into_iter()
        .map(|(d, s)| (d, s.kind, s.line, s.decorators.clone()))
        .collect();
    let overload = || vec!["overload".to_string()];
    assert_eq!(
        rows,
        [
            ("Tensor".into(), SymbolKind::Class, 3, vec![]),
            ("Tensor.shape".into(), SymbolKind::Variable, 4, vec![]),
            ("Tensor.sum".into(), SymbolKind::Method, 6, overload()),
            ("Tensor.sum".into(), SymbolKind::Method, 8, overload()),
            ("Tensor.__add__".into(), SymbolKind::Method, 9, vec![]),
            ("zeros".into(), SymbolKind::Function, 12, overload()),
            ("zeros".into(), SymbolKind::Function, 14, overload()),
        ]
    );
    assert_eq!(
        find(&o, "Tensor.__add__").signature.as_deref(),
        Some("(self, other: Tensor) -> Tensor")
    );

    // The index takes the stub, the Cython module and the kernel file of a
    // repository.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo.git");
    let mut fixture = common::git::Fixture::create(&repo);
    fixture
        .file("torch/_C/__init__.pyi", STUB)
        .file("sklearn/tree/_splitter.pyx", CYTHON_TREE)
        .file("tensorflow/core/kernels/conv_ops.cc", KERNEL_CC);
    fixture.commit("Add a stub, a Cython module and a kernel");
    let idx = codestudy::outline::index::build(
        &repo,
        &tmp.path().join("index.idx"),
        1,
        &AtomicBool::new(false),
    )
    .unwrap();
    let has = |path: &str, symbol: &str, kind: SymbolKind, line: u32| {
        idx.entries
            .iter()
            .any(|e| &*e.path == path && e.symbol == symbol && e.kind == kind && e.line == line)
    };
    assert!(has(
        "torch/_C/__init__.pyi",
        "Tensor.sum",
        SymbolKind::Method,
        6
    ));
    assert!(has(
        "torch/_C/__init__.pyi",
        "Tensor.sum",
        SymbolKind::Method,
        8
    ));
    assert!(has(
        "torch/_C/__init__.pyi",
        "zeros",
        SymbolKind::Function,
        14
    ));
    assert!(has(
        "sklearn/tree/_splitter.pyx",
        "Splitter.node_split",
        SymbolKind::Method,
        27
    ));
    assert!(has(
        "sklearn/tree/_splitter.pyx",
        "extern.new_node",
        SymbolKind::Function,
        10
    ));
    assert!(has(
        "sklearn/tree/_splitter.pyx",
        "EPSILON",
        SymbolKind::Variable,
        16
    ));
    assert!(has(
        "tensorflow/core/kernels/conv_ops.cc",
        "tensorflow.functor.Conv2DOp.Compute",
        SymbolKind::Method,
        19
    ));
    assert!(has(
        "tensorflow/core/kernels/conv_ops.cc",
        "TORCH_LIBRARY_IMPL myops CPU",
        SymbolKind::Macro,
        33
    ));
    assert_eq!(idx.stats.files, 3);
}

/// Children lie within their parent's lines, in order; every line is in
/// the file.
fn assert_nested(symbols: &[Symbol], parent: Option<&Symbol>, lines: u32, what: &str) {
    let mut last = 0;
    for s in symbols {
        assert!(
            s.line >= 1 && s.line <= s.end_line && s.end_line <= lines,
            "{what}: {s:?}"
        );
        assert!(
            s.line >= last,
            "{what}: siblings out of order at {}",
            s.line
        );
        last = s.line;
        if let Some(p) = parent {
            assert!(
                s.line >= p.line && s.end_line <= p.end_line,
                "{what}: {} (L{}-{}) outside {} (L{}-{})",
                s.name,
                s.line,
                s.end_line,
                p.name,
                p.line,
                p.end_line
            );
        }
        assert_nested(&s.children, Some(s), lines, what);
    }
}

/// The C, C++ and Cython outlines on mutated inputs (as `fuzz_smoke.rs`
/// does for Python): never a panic, symbols always nested and on lines of
/// the file. Deterministic; `CODESTUDY_FUZZ_RUNS=N` mutations per seed
/// (default 300).
#[test]
fn c_cpp_and_cython_outlines_survive_mutated_inputs() {
    let runs: usize = std::env::var("CODESTUDY_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seeds: Vec<(Lang, Vec<u8>)> = vec![
        (Lang::Cpp, fixture("constructs.cc")),
        (Lang::Cpp, KERNEL_CC.as_bytes().to_vec()),
        (Lang::C, fixture("constructs.c")),
        (Lang::Cython, CYTHON_TREE.as_bytes().to_vec()),
    ];
    const PIECES: &[&[u8]] = &[
        b"{",
        b"}",
        b"(",
        b")",
        b"[",
        b"]",
        b"\"",
        b"'",
        b"\\\n",
        b"\n",
        b"    ",
        b"\t",
        b":",
        b";",
        b"#define X \\\n",
        b"/*",
        b"*/",
        b"//",
        b"R\"x(",
        b"class TORCH_API ",
        b"REGISTER_OP(",
        b"::",
        b"operator",
        b"template <",
        b">",
        b"cdef ",
        b"cdef class ",
        b"ctypedef fused ",
        b"cdef extern from \"x.h\":\n",
        b"\"\"\"",
        b"@cython.final\n",
        b"def ",
        b"\xff",
        b"\r",
        b"\0",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (lang, seed) in &seeds {
        for run in 0..runs {
            let mut data = seed.clone();
            for _ in 0..1 + next() % 8 {
                let at = (next() as usize) % (data.len() + 1);
                match next() % 4 {
                    0 => {
                        let piece = PIECES[(next() as usize) % PIECES.len()];
                        data.splice(at..at, piece.iter().copied());
                    }
                    1 if at < data.len() => {
                        let end = (at + (next() as usize) % 40).min(data.len());
                        data.drain(at..end);
                    }
                    2 if at < data.len() => data[at] = next() as u8,
                    _ => {
                        let end = (at + (next() as usize) % 200).min(data.len());
                        let copy: Vec<u8> = data[at..end].to_vec();
                        data.splice(at..at, copy);
                    }
                }
            }
            let lines = data.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let o = outline(Some(*lang), &data, usize::MAX, &AtomicBool::new(false))
                .expect("an outline never fails uncancelled");
            assert_nested(&o.symbols, None, lines, &format!("{lang:?} run {run}"));
            let h = codestudy::outline::highlight::highlight(*lang, &data, &AtomicBool::new(false))
                .expect("highlighting never fails uncancelled");
            assert!(h.lines.len() <= lines as usize);
        }
    }
}
