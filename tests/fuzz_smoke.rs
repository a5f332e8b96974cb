//! The fuzz targets (`codestudy::fuzzing`) on stable Rust: every input of
//! `tests/fuzz_regressions/<target>/`, then a budget of inputs made by
//! mutating seeds (byte flips, insertions of hostile tokens, cuts and
//! splices). Not coverage-guided: that is what `cargo fuzz` under `fuzz/`
//! is for; this keeps every target and every crash found running in
//! `cargo test`. `CODESTUDY_FUZZ_RUNS` sets the budget per target.

use std::path::{Path, PathBuf};

use codestudy::fuzzing;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_dir(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README"))
        .map(|p| std::fs::read(&p).unwrap())
        .collect()
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let r = root();
    let mut out = match target {
        "catalog" => {
            let mut v = vec![std::fs::read(r.join("catalog/python-codebases.toml")).unwrap()];
            v.extend(read_dir(&r.join("tests/fixtures/catalog/valid")));
            v.extend(read_dir(&r.join("tests/fixtures/catalog/invalid")));
            v
        }
        "progress" => vec![
            b"version = 1\n\n[[repo]]\nid = \"pallets/flask\"\n\n[[repo.step]]\nnumber = 1\nstate = \"done\"\ndone_on = \"2026-11-24\"\n\n[[repo.read]]\npath = \"src/flask/app.py\"\nsymbols = [\"Flask\", \"Flask.route\"]\n\n[[repo.note]]\npath = \"src/flask/app.py\"\ntext = \"\"\"\nmulti\nline\"\"\"\nupdated = \"2026-11-24 10:00\"\n".to_vec(),
        ],
        "outline" => read_dir(&r.join("tests/fixtures/outline")),
        "markdown" => vec![
            std::fs::read(r.join("README.md")).unwrap(),
            std::fs::read(r.join("tests/fixtures/seed/python-codebases-to-study.md")).unwrap(),
        ],
        _ => vec![b"plain text\twith a tab".to_vec()],
    };
    out.extend(read_dir(&r.join("tests/fuzz_regressions").join(target)));
    out
}

const TOKENS: &[&[u8]] = &[
    b"\x1b]0;pwned\x07",
    b"\x1b]52;c;aGk=\x1b\\",
    b"\x1b[2J",
    b"\r",
    b"\x08",
    b"\xc2\x9b",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"\x00",
    b"\xff\xfe",
    b"(((((",
    b"]]]",
    b"\"\"\"",
    b"```",
    b"\n    def f(",
    b"class C:\n",
    b"[[repo]]\n",
    b"= \"",
    b"\t",
    b"\xf0\x9f\x90\x8d",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, t.iter().copied());
            }
            2 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied());
            }
            _ => data.truncate(at),
        }
    }
    data
}

#[test]
fn every_fuzz_target_survives_its_regressions_and_a_budget_of_mutations() {
    let runs: usize = std::env::var("CODESTUDY_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for target in fuzzing::TARGETS {
        let seeds = seeds(target);
        assert!(!seeds.is_empty(), "{target}: no seeds");
        for s in &seeds {
            fuzzing::run(target, s);
        }
        let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ target.len() as u64);
        for i in 0..runs {
            let base = seeds[i % seeds.len()].clone();
            let input = mutate(&mut rng, &seeds, base);
            let result = std::panic::catch_unwind(|| fuzzing::run(target, &input));
            if result.is_err() {
                let path = std::env::temp_dir().join(format!("codestudy-fuzz-{target}-{i}"));
                std::fs::write(&path, &input).unwrap();
                panic!(
                    "{target} failed on input {i}, saved to {}: add it to tests/fuzz_regressions/{target}/",
                    path.display()
                );
            }
        }
    }
}
