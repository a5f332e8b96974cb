//! What tree-sitter cannot read in real C and C++: macros the
//! preprocessor would expand in places a grammar expects a name or a
//! declaration. They are blanked (replaced by spaces, line breaks kept, so
//! every byte and line stays where it was) before the outline's parse:
//!
//! 1. An export or attribute macro between `class`/`struct`/`union` and the
//!    name of a class being defined: `class TORCH_API Tensor : public Base
//!    {`, `class PYBIND11_EXPORT_EXCEPTION builtin_exception : ... {`.
//!    tree-sitter reads `class TORCH_API` as the type of a function named
//!    `Tensor`, and the class is lost.
//! 2. In a class body, a macro call that starts a member (not followed by
//!    `{`, `:` or `=`, as a constructor is): `PYBIND11_DEPRECATED("...")
//!    explicit module_(...)`, `PYBIND11_OBJECT_DEFAULT(module_, object,
//!    check)` (no `;`) before the next member, `PYBIND11_TYPE_CASTER(T,
//!    const_name("x") + ...);`. Unblanked, error recovery ends the class
//!    there. (Macros in class bodies are not outline entries.)
//! 3. In a class body or at file or namespace level, a bare macro before a
//!    keyword that starts a declaration: `NPY_NO_EXPORT int f()`, `static
//!    NPY_INLINE int g()`, `TORCH_API static Foo make()`; and one starting
//!    a member before its name or type (`PYBIND11_NOINLINE type_record()`),
//!    or a declaration at file level before its type and name
//!    (`NPY_NO_EXPORT PyObject *\nf(...)`, `TORCH_API Tensor add(...)`).
//!
//! 0. `#define` directives, whole: tree-sitter ends a definition at a
//!    comment before a line's `\` and reads its next lines as code (the
//!    outline lists no macro definitions, and highlighting parses the file
//!    as written).
//!
//! 4. In a function body, a macro call at a statement's start with no `;`
//!    before the next statement: `OP(Py_LT,lt)` in a `switch`.
//!
//! Macros are names written as macros are (`cpp::macro_like`), and
//! CUDA's specifiers (`__global__`, `__device__`, `__forceinline__`). Comments,
//! strings (raw strings too), character literals and preprocessor lines
//! are skipped. Nothing else changes, and a file without such macros is
//! not copied.

use std::borrow::Cow;

use super::cpp::macro_like;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Ident,
    /// A string or character literal, or a number.
    Literal,
    Punct(u8),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Tk,
    start: usize,
    end: usize,
}

/// Keywords (and `std`) that start a declaration after a bare macro.
const DECLARATION_START: &[&[u8]] = &[
    b"void",
    b"int",
    b"bool",
    b"char",
    b"short",
    b"long",
    b"float",
    b"double",
    b"unsigned",
    b"signed",
    b"auto",
    b"static",
    b"inline",
    b"virtual",
    b"explicit",
    b"constexpr",
    b"const",
    b"friend",
    b"template",
    b"typename",
    b"class",
    b"struct",
    b"union",
    b"enum",
    b"using",
    b"typedef",
    b"extern",
    b"mutable",
    b"volatile",
    b"std",
];

/// The brace a body was opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Class,
    /// A namespace or an `extern "C"` block: like file level.
    Namespace,
    /// A function body, an initializer, an enum.
    Other,
}

/// The source to parse: `src` itself when nothing is blanked.
pub fn prepare(src: &[u8]) -> Cow<'_, [u8]> {
    let (toks, defines) = tokens(src);
    // Rule 0: macro definitions (tree-sitter reads a comment before a
    // line's `\` as the definition's end, and the rest as code).
    let mut blank: Vec<(usize, usize)> = defines;
    let mut bodies: Vec<Body> = Vec::new();
    // Where the current declaration's head starts (after `;`, `{`, `}`).
    let mut head = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let text = &src[t.start..t.end];
        let body = bodies.last().copied().unwrap_or(Body::Namespace);
        match t.kind {
            Tk::Punct(b'{') => {
                let kind = head_kind(src, &toks[head..i]);
                if kind == Body::Class {
                    attribute_macros_in_class_head(src, &toks[head..i], &mut blank);
                }
                bodies.push(kind);
                head = i + 1;
            }
            Tk::Punct(b'}') => {
                bodies.pop();
                head = i + 1;
            }
            Tk::Punct(b';') => head = i + 1,
            // Rule 4: in a function body, a macro call without its `;`
            // before the next statement (`OP(Py_LT,lt)\n OP(Py_LE,le)` in a
            // `switch`): tree-sitter's recovery can run the function to the
            // end of the file.
            Tk::Ident
                if body == Body::Other
                    && macro_like_bytes(text)
                    && (i == head || toks[i - 1].kind == Tk::Punct(b':'))
                    && toks.get(i + 1).is_some_and(|n| n.kind == Tk::Punct(b'(')) =>
            {
                if let Some(close) = matching(&toks, i + 1) {
                    let next_statement = toks
                        .get(close + 1)
                        .is_some_and(|a| a.kind == Tk::Ident || a.kind == Tk::Punct(b'}'));
                    if next_statement {
                        blank.push((t.start, toks[close].end));
                        i = close + 1;
                        head = i;
                        continue;
                    }
                }
            }
            Tk::Ident if body != Body::Other && macro_like_bytes(text) => {
                let at_member_start = i == head
                    || is_access_colon(src, &toks, i)
                    || after_template_head(src, &toks[head..i]);
                let next = toks.get(i + 1).copied();
                match next {
                    // Rule 2: `MACRO(...)` starting a member, more after it.
                    Some(n)
                        if n.kind == Tk::Punct(b'(') && body == Body::Class && at_member_start =>
                    {
                        if let Some(close) = matching(&toks, i + 1) {
                            let after = toks.get(close + 1);
                            // Not a constructor of a class named in
                            // capitals (`RNG(int s) : s_(s) {}`).
                            let continues = after.is_some_and(|a| match a.kind {
                                Tk::Ident => true,
                                Tk::Punct(p) => matches!(p, b'~' | b'[' | b'*' | b'&' | b';'),
                                Tk::Literal => false,
                            });
                            if continues {
                                blank.push((t.start, toks[close].end));
                                i = close + 1;
                                head = i;
                                continue;
                            }
                        }
                    }
                    // Rule 3: a bare macro before a declaration keyword.
                    Some(n)
                        if n.kind == Tk::Ident
                            && DECLARATION_START.contains(&&src[n.start..n.end]) =>
                    {
                        blank.push((t.start, t.end));
                    }
                    // In a class body, before a member's name or type:
                    // `PYBIND11_NOINLINE type_record()`, `C10_API Foo* f`.
                    Some(n) if n.kind == Tk::Ident && body == Body::Class && at_member_start => {
                        blank.push((t.start, t.end));
                    }
                    // At file level, before a declaration's type and name:
                    // `NPY_NO_EXPORT PyObject *\nf(...)`, `TORCH_API Tensor
                    // add(...)`.
                    Some(n) if n.kind == Tk::Ident && body == Body::Namespace && i == head => {
                        let then = toks.get(i + 2).map(|a| a.kind);
                        if matches!(then, Some(Tk::Ident | Tk::Punct(b'*' | b'&' | b'<' | b':'))) {
                            blank.push((t.start, t.end));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    if blank.is_empty() {
        return Cow::Borrowed(src);
    }
    let mut out = src.to_vec();
    for (a, b) in blank {
        for byte in &mut out[a..b.min(src.len())] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    Cow::Owned(out)
}

/// CUDA's function and variable specifiers, blanked as macros are
/// (`__global__ void k(...)`, `__device__ __forceinline__ float f(...)`).
const CUDA_SPECIFIERS: &[&[u8]] = &[
    b"__global__",
    b"__device__",
    b"__host__",
    b"__forceinline__",
    b"__noinline__",
    b"__shared__",
    b"__constant__",
    b"__managed__",
];

fn macro_like_bytes(text: &[u8]) -> bool {
    CUDA_SPECIFIERS.contains(&text) || std::str::from_utf8(text).is_ok_and(macro_like)
}

/// `public:`, `private:`, `protected:` just before token `i`.
fn is_access_colon(src: &[u8], toks: &[Tok], i: usize) -> bool {
    i >= 2
        && toks[i - 1].kind == Tk::Punct(b':')
        && toks[i - 2].kind == Tk::Ident
        && matches!(
            &src[toks[i - 2].start..toks[i - 2].end],
            b"public" | b"private" | b"protected"
        )
}

/// `template <...>` is all of `head`: a member's start follows.
fn after_template_head(src: &[u8], head: &[Tok]) -> bool {
    let Some(first) = head.first() else {
        return false;
    };
    if first.kind != Tk::Ident || &src[first.start..first.end] != b"template" {
        return false;
    }
    let mut angle = 0i32;
    for (k, t) in head.iter().enumerate().skip(1) {
        match t.kind {
            Tk::Punct(b'<') => angle += 1,
            Tk::Punct(b'>') => {
                angle -= 1;
                if angle == 0 {
                    return k + 1 == head.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// The index of the `)` closing the `(` at `open`.
fn matching(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            Tk::Punct(b'(') => depth += 1,
            Tk::Punct(b')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            // A member never holds these inside a macro's arguments:
            // unbalanced input, give up.
            Tk::Punct(b';') if depth <= 1 => return None,
            _ => {}
        }
    }
    None
}

/// What a `{` opens, from the head before it: a class body when the head's
/// last `class`/`struct`/`union` (not `enum class`) at bracket depth 0 is
/// followed by no `(` or `=` outside angle brackets; a namespace body after
/// `namespace` or `extern "C"`; else something else.
fn head_kind(src: &[u8], head: &[Tok]) -> Body {
    let mut depth = 0i32;
    let mut kw: Option<usize> = None;
    let mut namespace = false;
    for (k, t) in head.iter().enumerate() {
        match t.kind {
            Tk::Punct(b'(' | b'[') => depth += 1,
            Tk::Punct(b')' | b']') => depth -= 1,
            Tk::Ident if depth == 0 => match &src[t.start..t.end] {
                b"class" | b"struct" | b"union" => {
                    let after_enum = k > 0
                        && head[k - 1].kind == Tk::Ident
                        && &src[head[k - 1].start..head[k - 1].end] == b"enum";
                    kw = if after_enum { None } else { Some(k) };
                }
                b"enum" => kw = None,
                b"namespace" => namespace = true,
                b"extern" if head.get(k + 1).is_some_and(|n| n.kind == Tk::Literal) => {
                    namespace = true;
                }
                _ => {}
            },
            _ => {}
        }
    }
    if let Some(k) = kw {
        let mut angle = 0i32;
        for t in &head[k + 1..] {
            match t.kind {
                Tk::Punct(b'<') => angle += 1,
                Tk::Punct(b'>') => angle -= 1,
                Tk::Punct(b'(' | b'=') if angle <= 0 => return Body::Other,
                _ => {}
            }
        }
        return Body::Class;
    }
    if namespace {
        Body::Namespace
    } else {
        Body::Other
    }
}

/// Rule 1: in the head of a class being defined, macros between the
/// keyword and the name (`class TORCH_API C10_DEPRECATED Foo : ...`).
fn attribute_macros_in_class_head(src: &[u8], head: &[Tok], blank: &mut Vec<(usize, usize)>) {
    let Some(k) = head.iter().rposition(|t| {
        t.kind == Tk::Ident && matches!(&src[t.start..t.end], b"class" | b"struct" | b"union")
    }) else {
        return;
    };
    let mut j = k + 1;
    while let Some(t) = head.get(j) {
        if t.kind != Tk::Ident || !macro_like_bytes(&src[t.start..t.end]) {
            return;
        }
        // A name must follow: else this is the class's own name.
        match head.get(j + 1) {
            Some(n) if n.kind == Tk::Ident => {
                blank.push((t.start, t.end));
                j += 1;
            }
            _ => return,
        }
    }
}

/// The file's tokens, comments, literals' insides and preprocessor lines
/// left out; and where the `#define` directives are.
fn tokens(src: &[u8]) -> (Vec<Tok>, Vec<(usize, usize)>) {
    let mut toks = Vec::new();
    let mut defines = Vec::new();
    let n = src.len();
    let mut i = 0;
    // At a line's start (only whitespace before): a `#` starts a directive.
    let mut line_start = true;
    while i < n {
        let c = src[i];
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => i += 1,
            b'#' if line_start => {
                let end = directive_end(src, i);
                if is_define(&src[i..end]) {
                    defines.push((i, end));
                }
                i = end;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'*') => i = block_comment_end(src, i),
            b'"' => {
                let end = string_end(src, i);
                toks.push(Tok {
                    kind: Tk::Literal,
                    start: i,
                    end,
                });
                i = end;
                line_start = false;
            }
            b'\'' => {
                let end = char_end(src, i);
                toks.push(Tok {
                    kind: Tk::Literal,
                    start: i,
                    end,
                });
                i = end;
                line_start = false;
            }
            b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < n {
                    let d = src[i];
                    let sign =
                        (d == b'+' || d == b'-') && matches!(src[i - 1], b'e' | b'E' | b'p' | b'P');
                    // `1'000'000`: a digit separator.
                    let sep = d == b'\'' && src.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
                    if d.is_ascii_alphanumeric() || d == b'_' || d == b'.' || sign || sep {
                        i += 1;
                    } else {
                        break;
                    }
                }
                toks.push(Tok {
                    kind: Tk::Literal,
                    start,
                    end: i,
                });
                line_start = false;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < n
                    && (src[i].is_ascii_alphanumeric()
                        || src[i] == b'_'
                        || src[i] == b'$'
                        || src[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &src[start..i];
                // A prefixed literal: `u8"..."`, `L'x'`, `R"d(...)d"`.
                if src.get(i) == Some(&b'"')
                    && matches!(word, b"R" | b"LR" | b"uR" | b"UR" | b"u8R")
                {
                    let end = raw_string_end(src, i);
                    toks.push(Tok {
                        kind: Tk::Literal,
                        start,
                        end,
                    });
                    i = end;
                } else if matches!(src.get(i), Some(b'"' | b'\''))
                    && matches!(word, b"L" | b"u" | b"U" | b"u8")
                {
                    let end = if src[i] == b'"' {
                        string_end(src, i)
                    } else {
                        char_end(src, i)
                    };
                    toks.push(Tok {
                        kind: Tk::Literal,
                        start,
                        end,
                    });
                    i = end;
                } else {
                    toks.push(Tok {
                        kind: Tk::Ident,
                        start,
                        end: i,
                    });
                }
                line_start = false;
            }
            _ => {
                toks.push(Tok {
                    kind: Tk::Punct(c),
                    start: i,
                    end: i + 1,
                });
                i += 1;
                line_start = false;
            }
        }
    }
    (toks, defines)
}

/// `#define` or `#  define`: a macro's definition.
fn is_define(directive: &[u8]) -> bool {
    let rest = directive[1..].trim_ascii_start();
    rest.starts_with(b"define")
        && !rest
            .get(6)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// After a preprocessor directive: its line, with `\` continuations and
/// comments that run past the line's end.
fn directive_end(src: &[u8], mut i: usize) -> usize {
    let n = src.len();
    while i < n {
        match src[i] {
            b'\n' => return i,
            b'\\' if src.get(i + 1) == Some(&b'\n') => i += 2,
            b'\\' if src.get(i + 1) == Some(&b'\r') && src.get(i + 2) == Some(&b'\n') => i += 3,
            b'/' if src.get(i + 1) == Some(&b'*') => i = block_comment_end(src, i),
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
                return i;
            }
            _ => i += 1,
        }
    }
    n
}

fn block_comment_end(src: &[u8], i: usize) -> usize {
    let mut j = i + 2;
    while j + 1 < src.len() {
        if src[j] == b'*' && src[j + 1] == b'/' {
            return j + 2;
        }
        j += 1;
    }
    src.len()
}

/// After a `"..."` literal starting at `i` (an unterminated one ends at
/// the line's end).
fn string_end(src: &[u8], i: usize) -> usize {
    quoted_end(src, i, b'"')
}

fn char_end(src: &[u8], i: usize) -> usize {
    quoted_end(src, i, b'\'')
}

fn quoted_end(src: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < src.len() {
        match src[j] {
            b'\\' => j += 2,
            b'\n' => return j,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    src.len()
}

/// After `R"delim(...)delim"`, its `"` at `i`; a malformed one is read as
/// a plain string.
fn raw_string_end(src: &[u8], i: usize) -> usize {
    let Some(open) = src[i + 1..]
        .iter()
        .take(17)
        .position(|b| *b == b'(')
        .map(|p| i + 1 + p)
    else {
        return string_end(src, i);
    };
    let delim = &src[i + 1..open];
    if delim
        .iter()
        .any(|b| matches!(b, b' ' | b')' | b'\\' | b'\t' | b'\n'))
    {
        return string_end(src, i);
    }
    let mut j = open + 1;
    while j < src.len() {
        if src[j] == b')'
            && src[j + 1..].starts_with(delim)
            && src.get(j + 1 + delim.len()) == Some(&b'"')
        {
            return j + delim.len() + 2;
        }
        j += 1;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(src: &str) -> String {
        String::from_utf8(prepare(src.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn export_macros_in_class_heads() {
        assert_eq!(
            prepared("class TORCH_API Foo : public Bar {};"),
            "class           Foo : public Bar {};"
        );
        assert_eq!(
            prepared("struct C10_API C10_DEPRECATED Baz final {\n};"),
            "struct                        Baz final {\n};"
        );
        // The class's own name, a forward declaration, a variable.
        for same in [
            "struct FOO_BAR { int x; };",
            "class TORCH_API Foo;",
            "struct MY_T x = {1};",
            "enum class MY_E { A };",
        ] {
            assert_eq!(prepared(same), same);
        }
    }

    #[test]
    fn member_macros_in_class_bodies() {
        let src = "class module_ : public object {\npublic:\n    PYBIND11_OBJECT_DEFAULT(module_, object,\n        PyModule_Check)\n\n    PYBIND11_DEPRECATED(\"use x\")\n    explicit module_(const char *name) {}\n    C10_DISABLE_COPY_AND_ASSIGN(module_);\n    TORCH_API static module_ make();\n};\n";
        let out = prepared(src);
        assert_eq!(out.len(), src.len());
        let lines: Vec<&str> = out.lines().map(str::trim).collect();
        assert_eq!(
            lines,
            [
                "class module_ : public object {",
                "public:",
                "",
                "",
                "",
                "",
                "explicit module_(const char *name) {}",
                ";",
                "static module_ make();",
                "};",
            ]
        );
    }

    #[test]
    fn constructors_of_classes_named_in_capitals_stay() {
        let same =
            "class RNG {\n  RNG(int s) : s_(s) {}\n  RNG() {}\n  RNG(const RNG&) = delete;\n};\n";
        assert_eq!(prepared(same), same);
    }

    #[test]
    fn bare_macros_before_declarations_at_file_level() {
        assert_eq!(
            prepared(
                "NPY_NO_EXPORT int\nf(void) { NPY_X int y; }\nstatic NPY_INLINE int g(void);\n"
            ),
            "              int\nf(void) { NPY_X int y; }\nstatic            int g(void);\n"
        );
    }

    #[test]
    fn attribute_macros_before_names_and_types() {
        let src = "struct type_record {\n    PYBIND11_NOINLINE type_record() : x(0) {}\n};\nNPY_NO_EXPORT PyObject *\nf(void) { return 0; }\nTORCH_API Tensor add(const Tensor& a);\nMY_TYPE x = 3;\n";
        let lines: Vec<String> = prepared(src)
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "struct type_record {",
                "type_record() : x(0) {}",
                "};",
                "PyObject *",
                "f(void) { return 0; }",
                "Tensor add(const Tensor& a);",
                "MY_TYPE x = 3;",
            ]
        );
    }

    #[test]
    fn cuda_specifiers() {
        let src = "template <typename T>\n__global__ void add(T* a) {}\n__device__ __forceinline__ float sq(float x) { return x * x; }\n";
        let lines: Vec<String> = prepared(src)
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "template <typename T>",
                "void add(T* a) {}",
                "float sq(float x) { return x * x; }"
            ]
        );
    }

    #[test]
    fn comments_strings_and_directives_are_skipped() {
        for same in [
            "// class TORCH_API Foo {\n",
            "/* class TORCH_API Foo { */\n",
            "const char* s = \"class TORCH_API Foo {\";\n",
            "auto r = R\"x(class TORCH_API Foo {)x\";\n",
            "int n = 1'000'000; char c = '{';\n",
        ] {
            assert_eq!(prepared(same), same, "{same}");
        }
        // Nothing to blank: the source itself, not a copy.
        assert!(matches!(
            prepare(b"int main() { return 0; }"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn macro_definitions_are_blanked_conditionals_kept() {
        let src = "#define DECL(Name) \\\n    Name() {} /* note */ \\\n    int x;\n#ifdef X\nint f() { return 0; }\n#endif\n";
        let out = prepared(src);
        assert_eq!(out.len(), src.len());
        let lines: Vec<&str> = out.lines().map(str::trim).collect();
        assert_eq!(
            lines,
            ["", "", "", "#ifdef X", "int f() { return 0; }", "#endif"]
        );
    }

    #[test]
    fn template_members_and_their_macros() {
        let src = "class A {\n  template <typename T>\n  PYBIND11_DEPRECATED(\"x\")\n  T call() const;\n};\n";
        let lines: Vec<String> = prepared(src)
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "class A {",
                "template <typename T>",
                "",
                "T call() const;",
                "};"
            ]
        );
    }

    #[test]
    fn macro_statements_without_semicolons_in_bodies() {
        let src = "int f(int op) {\n  switch (op) {\n    OP(Py_LT,lt)\n    OP(Py_GE,ge)\n  }\n  Py_DECREF(x);\n  FOO(y) + 1;\n}\n";
        let lines: Vec<String> = prepared(src)
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "int f(int op) {",
                "switch (op) {",
                "",
                "",
                "}",
                "Py_DECREF(x);",
                "FOO(y) + 1;",
                "}"
            ]
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            &b"class"[..],
            b"class TORCH_API",
            b"class A { PYBIND11_X(",
            b"R\"",
            b"R\"abc",
            b"'\\",
            b"\"\\",
            b"/*",
            b"#\\",
            b"}}}}{{{ class X { Y_Z( ) ) ) ",
            b"\xff\xfe class \xff TORCH_API \xff {",
        ] {
            let out = prepare(src);
            assert_eq!(out.len(), src.len());
        }
    }
}
