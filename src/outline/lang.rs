//! Which grammar a file gets: by extension, else by a `#!` line. Files of
//! any other kind get no outline, which is not an error.

use tree_sitter::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Python,
    /// `.pyx`, `.pxd`, `.pxi`: outlined by a line scanner (`cython.rs`),
    /// highlighted with Python's grammar.
    Cython,
    C,
    Cpp,
}

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Cython => "cython",
            Lang::C => "c",
            Lang::Cpp => "cpp",
        }
    }

    /// The tree-sitter grammar: Cython has none of its own, and Python's
    /// reads most of it (what it cannot read still gets colours).
    pub fn grammar(self) -> Language {
        match self {
            Lang::Python | Lang::Cython => tree_sitter_python::LANGUAGE.into(),
            Lang::C => tree_sitter_c::LANGUAGE.into(),
            Lang::Cpp => tree_sitter_cpp::LANGUAGE.into(),
        }
    }

    /// By the file name's extension. `.h` is taken for C++: in the
    /// repositories of the catalog (TensorFlow, PyTorch) headers are C++,
    /// and the C++ grammar reads plain C headers too.
    pub fn from_path(path: &str) -> Option<Lang> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        match ext.as_str() {
            "py" | "pyi" | "pyw" => Some(Lang::Python),
            "pyx" | "pxd" | "pxi" => Some(Lang::Cython),
            "c" => Some(Lang::C),
            "cc" | "cpp" | "cxx" | "c++" | "h" | "hh" | "hpp" | "hxx" | "h++" | "ipp" | "inl"
            | "cu" | "cuh" => Some(Lang::Cpp),
            _ => None,
        }
    }

    /// By a `#!` first line naming python (`#!/usr/bin/env python3`,
    /// `#!/usr/bin/python -u`).
    pub fn from_shebang(first_bytes: &[u8]) -> Option<Lang> {
        let line = first_bytes.split(|b| *b == b'\n').next()?;
        let line = std::str::from_utf8(line.strip_prefix(b"#!")?).ok()?;
        let mut words = line.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|w| !w.starts_with('-'))?;
        }
        program.starts_with("python").then_some(Lang::Python)
    }

    /// Extension first, then the shebang of `content` (only its first line
    /// is looked at).
    pub fn detect(path: &str, content: &[u8]) -> Option<Lang> {
        Lang::from_path(path).or_else(|| {
            let has_ext = path.rsplit('/').next().is_some_and(|n| n.contains('.'));
            if has_ext {
                None
            } else {
                Lang::from_shebang(content)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension() {
        assert_eq!(Lang::from_path("src/flask/app.py"), Some(Lang::Python));
        assert_eq!(Lang::from_path("typeshed/x.PYI"), Some(Lang::Python));
        assert_eq!(
            Lang::from_path("tensorflow/core/kernels/conv_ops.cc"),
            Some(Lang::Cpp)
        );
        assert_eq!(Lang::from_path("a/b.h"), Some(Lang::Cpp));
        assert_eq!(Lang::from_path("x.c"), Some(Lang::C));
        assert_eq!(
            Lang::from_path("sklearn/tree/_tree.pyx"),
            Some(Lang::Cython)
        );
        assert_eq!(
            Lang::from_path("sklearn/tree/_tree.pxd"),
            Some(Lang::Cython)
        );
        assert_eq!(
            Lang::from_path("pandas/_libs/khash_for_primitive_helper.pxi"),
            Some(Lang::Cython)
        );
        assert_eq!(Lang::from_path("kernels/conv.cu"), Some(Lang::Cpp));
        assert_eq!(Lang::from_path("README.md"), None);
        assert_eq!(Lang::from_path("Makefile"), None);
    }

    #[test]
    fn by_shebang() {
        assert_eq!(
            Lang::from_shebang(b"#!/usr/bin/env python3\nprint(1)"),
            Some(Lang::Python)
        );
        assert_eq!(
            Lang::from_shebang(b"#!/usr/bin/python -u\n"),
            Some(Lang::Python)
        );
        assert_eq!(
            Lang::from_shebang(b"#!/usr/bin/env -S python3 -x\n"),
            Some(Lang::Python)
        );
        assert_eq!(Lang::from_shebang(b"#!/bin/sh\n"), None);
        assert_eq!(Lang::from_shebang(b"print(1)\n"), None);
        assert_eq!(
            Lang::detect("bin/tool", b"#!/usr/bin/env python\n"),
            Some(Lang::Python)
        );
        assert_eq!(Lang::detect("notes.txt", b"#!/usr/bin/env python\n"), None);
    }
}
