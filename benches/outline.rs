//! Outline and highlight of one large Python file.
//! Target (issue 4): the outline of a ~400 KB file (like pandas'
//! `core/frame.py`) in under 60 ms.
//!
//! `CODESTUDY_BENCH_FILE=path/to/frame.py cargo bench --bench outline`
//! Without the variable, a ~400 KB file is made by joining modules of the
//! local CPython standard library.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use codestudy::outline::highlight::highlight;
use codestudy::outline::{Lang, outline};
use criterion::{Criterion, criterion_group, criterion_main};

fn source() -> (String, Vec<u8>) {
    if let Some(path) = std::env::var_os("CODESTUDY_BENCH_FILE") {
        let path = PathBuf::from(path);
        let bytes = std::fs::read(&path).expect("CODESTUDY_BENCH_FILE is readable");
        return (path.display().to_string(), bytes);
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .expect("python3");
    let stdlib = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let mut bytes = Vec::new();
    for name in [
        "_pydecimal.py",
        "typing.py",
        "argparse.py",
        "inspect.py",
        "subprocess.py",
        "tarfile.py",
    ] {
        if let Ok(b) = std::fs::read(stdlib.join(name)) {
            bytes.extend_from_slice(&b);
            bytes.push(b'\n');
        }
        if bytes.len() >= 400_000 {
            break;
        }
    }
    ("stdlib modules joined".into(), bytes)
}

fn bench(c: &mut Criterion) {
    let (name, src) = source();
    let never = AtomicBool::new(false);
    let symbols = outline(Some(Lang::Python), &src, usize::MAX, &never)
        .unwrap()
        .flatten()
        .len();
    eprintln!("{name}: {} bytes, {symbols} symbols", src.len());
    let mut group = c.benchmark_group(format!("{} KB Python file", src.len() / 1000));
    group.sample_size(20);
    group.bench_function("outline", |b| {
        b.iter(|| {
            black_box(
                outline(Some(Lang::Python), &src, usize::MAX, &never)
                    .unwrap()
                    .symbols
                    .len(),
            )
        })
    });
    group.bench_function("highlight", |b| {
        b.iter(|| black_box(highlight(Lang::Python, &src, &never).unwrap().lines.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
