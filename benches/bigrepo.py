#!/usr/bin/env python3
"""Big repositories: the tree in seconds, files on demand. A lazy clone
(`CODESTUDY_GIT=cli`: blobless, the tree first, files fetched when read)
against a full depth-1 clone made by libgit2 (`CODESTUDY_GIT=libgit2`) and
against `git clone --bare --depth 1`, on a tensorflow-sized repository,
through a slow link, alternating, in the same run.

Each pipeline is timed from an empty cache to the key file's outline on
stdout:

- lazy:    codestudy clone tensorflow; codestudy outline tensorflow:KEY  (CODESTUDY_GIT=cli)
- full:    the same two commands with CODESTUDY_GIT=libgit2
- git:     git clone --bare --depth 1 --single-branch --no-tags URL DIR;
           git --git-dir=DIR show HEAD:KEY            (KEY: tensorflow/python/ops/array_ops.py)

The repository is generated once and kept under
/tmp/bigrepo-bench/fixture/<version> (reruns reuse it): ~35,000 files laid
out as tensorflow/tensorflow is (tensorflow/python/ops/*.py,
tensorflow/core/kernels/*.cc|h, tensorflow/compiler/..., tensorflow/lite/...,
third_party/..., docs, BUILD files), ~300 MB of blobs, 2 commits, written
with `git fast-import`. Python files mix top-level functions and classes of
CPython's standard library on this machine with generated ones; C++ and the
rest are generated. Random identifiers, hex tables and base64 strings keep
zlib from shrinking it more than about 2x: its depth-1 pack is ~145 MiB
(MB in the output are MiB).

It is served by `git daemon` on 127.0.0.1 (uploadpack.allowFilter and
uploadpack.allowAnySHA1InWant on, as github.com has them) behind a relay in
this script that paces each direction to --mbit (token bucket) and delays
every chunk by --latency-ms, so that the URL codestudy and git fetch from is
git://127.0.0.1:RELAY/tensorflow/tensorflow.git.

After the timed runs, on the last run's lazy and full clones: `codestudy
symbols tensorflow` cold (which fetches the blobs of every indexed file, in
batches, through the relay) and warm, with peak memory, beside
`ctags -R --languages=Python,C,C++` on a checked-out copy when universal-ctags
is installed; `codestudy grep -s tensorflow zqxjkv` beside `git grep -n -I
zqxjkv HEAD` in the full clone (the fixture holds the string exactly once).

Usage: python3 benches/bigrepo.py [--runs N] [--mbit 50] [--latency-ms 20]
                                  [--binary PATH] [--no-extras] [--keep]
Target (big repositories): the lazy pipeline under 5 s, and under a fifth of
the full clone's time.
"""

import argparse
import base64
import json
import os
import queue
import random
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ left in benches/
from bench_git import git_env, start_daemon  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = "/tmp/bigrepo-bench"
# Change when the generator changes: the cached fixture is keyed by it.
FIXTURE_VERSION = "tf-v2"
OWNER, NAME = "tensorflow", "tensorflow"
KEY_FILE = "tensorflow/python/ops/array_ops.py"
NEEDLE = "zqxjkv"
TARGET_FILES = 35_000
TARGET_BYTES = 300 * 1024 * 1024


# --------------------------------------------------------------------------
# The relay: a TCP proxy that paces and delays.


class Bucket:
    """A token bucket: `rate` bytes a second, at most `burst` at once. One
    per direction for the whole relay, shared by every connection through
    it, as one link's capacity is (several fetches at once share it)."""

    def __init__(self, rate, burst):
        self.rate, self.burst = rate, burst
        self.tokens, self.last = burst, time.monotonic()
        self.lock = threading.Lock()

    def take(self, n):
        """Spend `n`, sleeping off any debt (the others wait meanwhile: the
        link is busy); oversleeping is credited at the next call, so the
        rate holds."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate) - n
            self.last = now
            if self.tokens < 0:
                time.sleep(-self.tokens / self.rate)


def pump(src, dst, bucket, latency):
    """One direction: a reader stamps each chunk as it arrives, a writer
    sends it `latency` later, paced by a token bucket. The queue is bounded,
    so a fast sender is held back as TCP would hold it."""
    q = queue.Queue(maxsize=64)
    piece = 16 * 1024

    def reader():
        try:
            while True:
                data = src.recv(64 * 1024)
                if not data:
                    break
                q.put((time.monotonic(), data))
        except OSError:
            pass
        q.put((0.0, None))

    def writer():
        dead = False
        while True:
            stamp, data = q.get()
            if data is None:
                break
            if dead:
                continue
            try:
                wait = stamp + latency - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                for off in range(0, len(data), piece):
                    part = data[off:off + piece]
                    bucket.take(len(part))
                    dst.sendall(part)
            except OSError:
                dead = True
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    threads = [threading.Thread(target=reader, daemon=True),
               threading.Thread(target=writer, daemon=True)]
    for t in threads:
        t.start()
    return threads


def relay_main(target_port, mbit, latency_ms):
    """Serve until killed; the listening port is the first line on stdout."""
    rate = mbit * 1e6 / 8
    latency = latency_ms / 1000
    up, down = Bucket(rate, 16 * 1024), Bucket(rate, 16 * 1024)
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    print(srv.getsockname()[1], flush=True)

    def handle(client):
        try:
            server = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            client.close()
            return
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threads = pump(client, server, up, latency) + pump(server, client, down, latency)
        for t in threads:
            t.join()
        client.close()
        server.close()

    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def start_relay(target_port, mbit, latency_ms):
    proc = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--relay-serve",
         str(target_port), str(mbit), str(latency_ms)],
        stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.isdigit():
        proc.kill()
        raise SystemExit(f"the relay did not start (it said {line!r})")
    return proc, int(line)


# --------------------------------------------------------------------------
# The fixture.

B64_FIX = bytes.maketrans(b"+/", b"xq")
LICENSE_CC = """/* Copyright {year} The TensorFlow Authors. All Rights Reserved.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
==============================================================================*/
"""
LICENSE_PY = "".join(
    "# " + line if line else "#\n"
    for line in LICENSE_CC.replace("/* ", "").replace("==*/", "==").splitlines(True))

OPS_NAMES = """array_ops math_ops nn_ops nn_impl control_flow_ops state_ops variables
resource_variable_ops random_ops init_ops sparse_ops string_ops check_ops clip_ops
data_flow_ops functional_ops gradients_impl image_ops_impl linalg_ops logging_ops
lookup_ops manip_ops map_fn metrics_impl parsing_ops partitioned_variables rnn
rnn_cell_impl script_ops sort_ops special_math_ops summary_ops_v2 tensor_array_ops
while_v2 cond_v2 embedding_ops ctc_ops candidate_sampling_ops batch_ops bitwise_ops
collective_ops confusion_matrix custom_gradient list_ops math_grad array_grad nn_grad
histogram_ops io_ops stateless_random_ops critical_section_ops control_flow_util
weights_broadcast_ops variable_scope template array_ops_stack""".split()
ARRAY_OPS_FUNCS = """reshape fill identity expand_dims squeeze concat stack unstack split
transpose matrix_transpose zeros zeros_like ones ones_like placeholder rank size shape
shape_n slice strided_slice boolean_mask sparse_mask unique unique_with_counts
split_v pad meshgrid gather gather_nd batch_gather scatter_nd tensor_scatter_nd_update
where where_v2 reverse_sequence one_hot sequence_mask broadcast_to broadcast_static_shape
broadcast_dynamic_shape edit_distance required_space_to_batch_paddings space_to_batch
batch_to_space depth_to_space space_to_depth searchsorted extract_image_patches
quantize dequantize fake_quant_with_min_max_args repeat guarantee_const tile
matrix_diag matrix_set_diag matrix_band_part check_numerics newaxis_helper""".split()

# (directory, files, {extension: weight}, subdirectories)
LAYOUT = [
    ("tensorflow/python/ops", 330, {"py": 1}, 0),
    ("tensorflow/python/ops/linalg", 90, {"py": 1}, 2),
    ("tensorflow/python/ops/ragged", 120, {"py": 1}, 0),
    ("tensorflow/python/ops/numpy_ops", 40, {"py": 1}, 0),
    ("tensorflow/python/ops/parallel_for", 30, {"py": 1}, 0),
    ("tensorflow/python/ops/signal", 30, {"py": 1}, 0),
    ("tensorflow/python/framework", 420, {"py": 8, "cc": 1, "h": 1}, 0),
    ("tensorflow/python/eager", 260, {"py": 6, "cc": 2, "h": 1}, 2),
    ("tensorflow/python/keras", 1400, {"py": 1}, 22),
    ("tensorflow/python/data", 600, {"py": 1}, 8),
    ("tensorflow/python/distribute", 520, {"py": 1}, 6),
    ("tensorflow/python/training", 380, {"py": 1}, 4),
    ("tensorflow/python/kernel_tests", 1500, {"py": 1}, 24),
    ("tensorflow/python/saved_model", 220, {"py": 1}, 3),
    ("tensorflow/python/autograph", 400, {"py": 1}, 10),
    ("tensorflow/python/tpu", 300, {"py": 1}, 4),
    ("tensorflow/python/util", 250, {"py": 6, "cc": 1, "h": 1}, 1),
    ("tensorflow/python/compiler", 200, {"py": 1}, 4),
    ("tensorflow/python/tools", 120, {"py": 1}, 2),
    ("tensorflow/core/kernels", 2300, {"cc": 6, "h": 3, "cu.cc": 1}, 0),
    ("tensorflow/core/kernels", 1300, {"cc": 6, "h": 3}, 16),
    ("tensorflow/core/framework", 700, {"cc": 5, "h": 4, "proto": 1}, 0),
    ("tensorflow/core/platform", 500, {"cc": 5, "h": 5}, 6),
    ("tensorflow/core/common_runtime", 900, {"cc": 6, "h": 4}, 8),
    ("tensorflow/core/grappler", 800, {"cc": 6, "h": 4}, 10),
    ("tensorflow/core/lib", 600, {"cc": 5, "h": 5}, 10),
    ("tensorflow/core/util", 500, {"cc": 5, "h": 5}, 6),
    ("tensorflow/core/ops", 350, {"cc": 9, "pbtxt": 1}, 2),
    ("tensorflow/core/distributed_runtime", 500, {"cc": 6, "h": 4}, 6),
    ("tensorflow/core/profiler", 700, {"cc": 5, "h": 4, "proto": 1}, 12),
    ("tensorflow/core/data", 400, {"cc": 6, "h": 4}, 6),
    ("tensorflow/core/tpu", 250, {"cc": 6, "h": 4}, 4),
    ("tensorflow/core/protobuf", 90, {"proto": 1}, 2),
    ("tensorflow/compiler/xla/service", 1900, {"cc": 6, "h": 4}, 20),
    ("tensorflow/compiler/xla/client", 200, {"cc": 6, "h": 4}, 2),
    ("tensorflow/compiler/xla/python", 250, {"cc": 4, "h": 2, "py": 4}, 3),
    ("tensorflow/compiler/xla/pjrt", 300, {"cc": 6, "h": 4}, 4),
    ("tensorflow/compiler/mlir", 2600, {"cc": 6, "h": 3, "td": 1, "mlir": 1}, 30),
    ("tensorflow/compiler/tf2xla", 700, {"cc": 7, "h": 3}, 6),
    ("tensorflow/compiler/jit", 500, {"cc": 6, "h": 4}, 4),
    ("tensorflow/lite/kernels", 1300, {"cc": 6, "h": 4}, 12),
    ("tensorflow/lite/delegates", 1400, {"cc": 6, "h": 4}, 20),
    ("tensorflow/lite/tools", 500, {"cc": 4, "h": 2, "py": 3}, 10),
    ("tensorflow/lite/micro", 600, {"cc": 6, "h": 4}, 10),
    ("tensorflow/lite/python", 200, {"py": 1}, 3),
    ("tensorflow/lite/experimental", 400, {"cc": 5, "h": 3, "py": 2}, 8),
    ("tensorflow/cc", 350, {"cc": 6, "h": 4}, 6),
    ("tensorflow/c", 250, {"cc": 5, "h": 5}, 4),
    ("tensorflow/java", 200, {"java": 1}, 6),
    ("tensorflow/go", 120, {"go": 1}, 3),
    ("tensorflow/tools", 700, {"py": 4, "sh": 2, "cc": 2, "txt": 1}, 16),
    ("tensorflow/dtensor", 300, {"cc": 4, "h": 2, "py": 3}, 5),
    ("tensorflow/security", 160, {"md": 1}, 1),
    ("tensorflow/examples", 200, {"py": 3, "cc": 1}, 8),
    ("third_party/eigen3", 500, {"h": 6, "cc": 1, "patch": 1}, 12),
    ("third_party/llvm", 600, {"h": 5, "cc": 4, "patch": 1}, 16),
    ("third_party/xla", 900, {"cc": 5, "h": 4, "bzl": 1}, 16),
    ("third_party/tsl", 800, {"cc": 5, "h": 4, "py": 1}, 14),
    ("third_party/absl", 250, {"h": 5, "cc": 4, "patch": 1}, 6),
    ("third_party/gpus", 200, {"bzl": 3, "tpl": 2, "py": 1}, 4),
    ("third_party", 600, {"bzl": 4, "patch": 2, "BUILD": 2, "h": 2}, 40),
    ("tensorflow/g3doc", 300, {"md": 1}, 4),
    ("tensorflow/tensorboard", 100, {"py": 1}, 2),
    ("ci", 200, {"sh": 3, "yml": 2, "py": 1}, 6),
]
SUBDIR_WORDS = """internal utils impl tests testdata transforms passes gpu cpu tpu
layers engine optimizers losses metrics kernels ops lib core io image linalg
sparse data experimental benchmarks distribute python cc common ir lowering
quantization mkl rocm cuda runtime delegates nnapi xnnpack hexagon coreml
stablehlo mhlo tfrt compat v1 v2 parsing strings random math nn rnn""".split()


def stdlib_material():
    """From CPython's standard library: the source of every top-level
    function and class (a pool of valid Python), and a vocabulary."""
    import ast
    stdlib = os.path.dirname(os.__file__)
    chunks, words = [], set()
    for dirpath, dirnames, filenames in os.walk(stdlib):
        rel = os.path.relpath(dirpath, stdlib)
        if rel.startswith(("site-packages", "test", "idlelib", "lib2to3")) or "__pycache__" in rel:
            dirnames[:] = []
            continue
        for f in filenames:
            if not f.endswith(".py"):
                continue
            try:
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    text = fh.read()
                tree = ast.parse(text)
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            lines = text.splitlines(True)
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                    start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
                    chunk = "".join(lines[start:node.end_lineno])
                    if 200 < len(chunk) < 12_000:
                        chunks.append(chunk)
            if len(words) < 40_000:
                words.update(re.findall(r"\b[a-z]{3,12}\b", text))
    return chunks, sorted(words)


class Gen:
    """File contents: text with enough randomness (identifiers, hex
    tables) that zlib shrinks it about 2x."""

    def __init__(self, seed, chunks, words):
        self.rng = random.Random(seed)
        self.chunks, self.words = chunks, words
        self._ids, self._hex = [], []

    def ident(self):
        if not self._ids:
            raw = base64.b64encode(self.rng.randbytes(6 * 512)).translate(B64_FIX).decode()
            ids = [raw[i:i + self.rng.randint(5, 11)] for i in range(0, len(raw) - 12, 8)]
            self._ids = [x if x[0].isalpha() else "k" + x for x in ids]
        return self._ids.pop()

    def name(self):
        return f"{self.rng.choice(self.words)}_{self.ident()}"

    def hexes(self, n):
        h = self.rng.randbytes(8 * n).hex()
        return [h[i:i + 16] for i in range(0, len(h), 16)]

    def b64(self, n):
        return base64.b64encode(self.rng.randbytes(n * 3 // 4)).decode()

    def sentence(self, n=10):
        w = self.rng.choices(self.words, k=n)
        return " ".join(w).capitalize()

    # Python

    def py_func(self, name=None, indent=""):
        r = self.rng
        name = name or self.name()
        a, b = self.name(), self.name()
        table = self.hexes(r.randint(12, 40))
        rows = ",\n".join(f"{indent}      " + ", ".join("0x" + x for x in table[i:i + 4])
                          for i in range(0, len(table), 4))
        return (
            f"{indent}@tf_export(\"{name.split('_')[0]}.{name}\")\n"
            f"{indent}def {name}({a}, {b}=None, name=None):\n"
            f"{indent}  \"\"\"{self.sentence()}.\n\n"
            f"{indent}  {self.sentence(14)} `{self.ident()}`.\n\n"
            f"{indent}  Args:\n"
            f"{indent}    {a}: A `Tensor` of {self.sentence(5).lower()}.\n"
            f"{indent}    {b}: Optional `{self.ident()}`, {self.sentence(4).lower()}.\n"
            f"{indent}    name: A name for the operation (optional).\n\n"
            f"{indent}  Returns:\n"
            f"{indent}    A `Tensor` keyed by `{self.ident()}`.\n"
            f"{indent}  \"\"\"\n"
            f"{indent}  with ops.name_scope(name, \"{name.title()}\", [{a}, {b}]) as name:\n"
            f"{indent}    {a} = ops.convert_to_tensor({a}, name=\"{a}\")\n"
            f"{indent}    _table = [\n{rows}]\n"
            f"{indent}    _fingerprint = (b\"{self.b64(96)}\"\n"
            f"{indent}                    b\"{self.b64(96)}\"\n"
            f"{indent}                    b\"{self.b64(96)}\")\n"
            f"{indent}    if {b} is not None and {b}.{self.ident()} > 0x{self.hexes(1)[0]}:\n"
            f"{indent}      return gen_{self.rng.choice(self.words)}_ops.{self.name()}({a}, _table, name=name)\n"
            f"{indent}    return gen_{self.rng.choice(self.words)}_ops.{self.name()}({a}, {b}, name=name)\n\n\n"
        )

    def py_class(self):
        name = self.ident().capitalize() + self.rng.choice(["Layer", "Op", "Dataset", "Strategy", "Saver", "Spec"])
        body = "".join(self.py_func(indent="  ").replace("(", "(self, ", 1).replace("@tf_export", "@doc_controls.do_not_generate_docs  # ", 1)
                       for _ in range(self.rng.randint(1, 4)))
        return (f"class {name}({self.rng.choice(['object', 'base_layer.Layer', 'composite_tensor.CompositeTensor'])}):\n"
                f"  \"\"\"{self.sentence(12)}.\"\"\"\n\n"
                f"  def __init__(self, {self.name()}=None, **kwargs):\n"
                f"    self._{self.ident()} = kwargs.pop(\"{self.ident()}\", 0x{self.hexes(1)[0]})\n\n"
                f"{body}")

    def python(self, size, funcs=()):
        r = self.rng
        out = [LICENSE_PY.format(year=r.randint(2015, 2024)),
               f'"""{self.sentence(8)}."""\n\n',
               "from tensorflow.python.framework import dtypes\n",
               "from tensorflow.python.framework import ops\n",
               f"from tensorflow.python.ops import gen_{r.choice(self.words)}_ops\n",
               "from tensorflow.python.util.tf_export import tf_export\n\n\n"]
        n = sum(map(len, out))
        funcs = list(funcs)
        while n < size or funcs:
            if funcs:
                piece = self.py_func(funcs.pop(0))
            else:
                x = r.random()
                piece = (r.choice(self.chunks) + "\n\n" if x < 0.2 else
                         self.py_class() if x < 0.45 else self.py_func())
            out.append(piece)
            n += len(piece)
        return "".join(out)

    # C++ and the rest

    def cc_func(self):
        r = self.rng
        cls, fn, arg = self.ident().capitalize(), self.ident().capitalize(), self.name()
        table = self.hexes(r.randint(8, 32))
        rows = ",\n".join("    " + ", ".join(f"0x{x}ULL" for x in table[i:i + 4])
                          for i in range(0, len(table), 4))
        return (
            f"// {self.sentence(12)}.\n"
            f"static const uint64_t k{cls}Table[] = {{\n{rows}}};\n"
            f"constexpr char k{cls}Blob[] =\n    \"{self.b64(100)}\"\n    \"{self.b64(100)}\"\n    \"{self.b64(100)}\";\n\n"
            f"Status {cls}Op::{fn}(OpKernelContext* ctx, const Tensor& {arg}) {{\n"
            f"  const int64_t {self.ident()} = {arg}.dim_size({r.randint(0, 3)});\n"
            f"  OP_REQUIRES(ctx, {arg}.dims() == {r.randint(1, 5)},\n"
            f"              errors::InvalidArgument(\"{self.sentence(6)}: \", {arg}.shape().DebugString()));\n"
            f"  auto {self.ident()} = {arg}.flat<{r.choice(['float', 'int32', 'int64_t', 'Eigen::half', 'bfloat16'])}>();\n"
            f"  for (int64_t i = 0; i < {self.ident()}; ++i) {{\n"
            f"    {self.ident()}(i) ^= k{cls}Table[i % {len(table)}] + 0x{self.hexes(1)[0]}ULL;\n"
            f"  }}\n"
            f"  return {self.name()}(ctx, {arg});\n"
            f"}}\n\n")

    def cc(self, size, header=False):
        r = self.rng
        guard = f"TENSORFLOW_{self.ident().upper()}_H_"
        out = [LICENSE_CC.format(year=r.randint(2015, 2024))]
        if header:
            out.append(f"\n#ifndef {guard}\n#define {guard}\n\n")
        out.append("".join(f'#include "tensorflow/core/{r.choice(SUBDIR_WORDS)}/{self.name()}.h"\n'
                           for _ in range(r.randint(2, 8))))
        out.append("\nnamespace tensorflow {\n\n")
        n = sum(map(len, out))
        while n < size:
            if header and r.random() < 0.5:
                piece = (f"class {self.ident().capitalize()} : public OpKernel {{\n public:\n"
                         + "".join(f"  Status {self.ident().capitalize()}(const Tensor& {self.name()}, int64_t {self.name()});\n"
                                   for _ in range(r.randint(2, 8)))
                         + f" private:\n  uint64_t {self.name()}_ = 0x{self.hexes(1)[0]}ULL;\n}};\n\n")
            else:
                piece = self.cc_func()
            out.append(piece)
            n += len(piece)
        out.append("}  // namespace tensorflow\n")
        if header:
            out.append(f"\n#endif  // {guard}\n")
        return "".join(out)

    def other(self, ext, size):
        r = self.rng
        out, n = [], 0
        while n < size:
            if ext == "md":
                piece = f"## {self.sentence(4)}\n\n{self.sentence(40)} `{self.name()}` {self.sentence(20)}.\n\n"
            elif ext in ("bzl", "BUILD", "tpl"):
                piece = (f"cc_library(\n    name = \"{self.name()}\",\n    srcs = [\"{self.name()}.cc\"],\n"
                         f"    hdrs = [\"{self.name()}.h\"],\n    deps = [\n"
                         + "".join(f"        \"//tensorflow/{r.choice(SUBDIR_WORDS)}:{self.name()}\",\n" for _ in range(r.randint(2, 7)))
                         + "    ],\n)\n\n")
            elif ext in ("pbtxt", "proto", "td", "mlir"):
                piece = (f"message {self.ident().capitalize()} {{\n"
                         + "".join(f"  {r.choice(['int64', 'string', 'bytes', 'fixed64'])} {self.name()} = {i + 1};  // 0x{self.hexes(1)[0]}\n"
                                   for i in range(r.randint(2, 9)))
                         + "}\n\n")
            else:
                piece = f"# {self.sentence(8)}\n{self.name()}=\"0x{''.join(self.hexes(3))}\"  {self.name()} --{self.ident()}\n"
            out.append(piece)
            n += len(piece)
        return "".join(out)


def plan_files(rng):
    """[(path, kind)], kind being a generator's name: py, cc, h, or an
    extension for the rest."""
    files, seen = [], set()
    for base, count, exts, subdirs in LAYOUT:
        dirs = [base]
        for _ in range(subdirs):
            depth = rng.choice([1, 1, 2, 2, 3])
            dirs.append(base + "/" + "/".join(rng.choice(SUBDIR_WORDS) for _ in range(depth)))
        names, weights = zip(*exts.items())
        for d in set(dirs):
            files.append((f"{d}/BUILD", "BUILD"))
        i = 0
        while i < count:
            d = rng.choice(dirs)
            ext = rng.choices(names, weights)[0]
            if base == "tensorflow/python/ops" and i < len(OPS_NAMES):
                stem = OPS_NAMES[i]
            else:
                stem = "_".join(rng.choice(SUBDIR_WORDS) for _ in range(rng.randint(1, 3)))
                if rng.random() < 0.3:
                    stem += "_test"
            path = f"{d}/{stem}.{ext}"
            if path in seen:
                continue
            seen.add(path)
            files.append((path, ext))
            i += 1
    files.append((f"{OWNER}/python/ops/__init__.py", "py"))
    for extra in ("README.md", "CONTRIBUTING.md", "RELEASE.md", "SECURITY.md", "LICENSE",
                  "configure.py", "WORKSPACE", ".bazelrc", "requirements.txt"):
        files.append((extra, extra.rsplit(".", 1)[-1] if "." in extra else "txt"))
    return [f for f in dict(files).items()]


def generate(gen, path, kind, size):
    if path == KEY_FILE:
        return gen.python(size, ARRAY_OPS_FUNCS)
    if kind == "py":
        return gen.python(size)
    if kind in ("cc", "cu.cc"):
        return gen.cc(size)
    if kind == "h":
        return gen.cc(size, header=True)
    return gen.other(kind, size)


def build_fixture(dest, env):
    """Generate the repository into `dest`/served (bare), via fast-import."""
    t0 = time.perf_counter()
    rng = random.Random(20240611)
    print("fixture: reading CPython's standard library ...", flush=True)
    chunks, words = stdlib_material()
    files = plan_files(rng)
    # Sizes: log-normal (median ~5 KB), a few big generated files, scaled to
    # the target total.
    sizes = [min(int(rng.lognormvariate(8.5, 1.0)), 400_000) for _ in files]
    for i, (path, kind) in enumerate(files):
        if path == KEY_FILE:
            sizes[i] = 220_000
        elif kind == "pbtxt" and rng.random() < 0.2:
            sizes[i] = rng.randint(1_000_000, 3_000_000)
    scale = TARGET_BYTES / sum(sizes)
    sizes = [max(300, int(s * scale)) for s in sizes]
    # Plant the grep needle once.
    needle_at = rng.randrange(len(files))
    while files[needle_at][1] not in ("cc", "py", "h"):
        needle_at = (needle_at + 1) % len(files)

    served = os.path.join(dest, "served", OWNER, f"{NAME}.git")
    os.makedirs(served)
    subprocess.run(["git", "init", "-q", "--bare", served], env=env, check=True)
    fi = subprocess.Popen(["git", "-C", served, "fast-import", "--quiet", "--done"],
                          stdin=subprocess.PIPE, env=env)
    out = fi.stdin
    print(f"fixture: generating {len(files)} files, {sum(sizes) / 2**20:.0f} MB, into {served} ...", flush=True)
    gen = Gen(rng.random(), chunks, words)
    marks = {}
    total = comp_in = comp_out = 0

    def blob(text):
        nonlocal total, comp_in, comp_out
        data = text.encode()
        mark = len(marks) + 1
        marks[mark] = True
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
        out.write(data)
        out.write(b"\n")
        total += len(data)
        if mark % 50 == 0:
            comp_in += len(data)
            comp_out += len(zlib.compress(data, 6))
        return mark

    tree = {}
    carry = 0  # what the files so far came out over their planned sizes
    for i, ((path, kind), size) in enumerate(zip(files, sizes)):
        text = generate(gen, path, kind, max(300, size - carry))
        carry += len(text) - size
        if i == needle_at:
            text += ("\n# " if kind == "py" else "\n// ") + f"the only {NEEDLE} in the repository\n"
            needle_path = path
        tree[path] = blob(text)
        if i % 5000 == 4999:
            print(f"  {i + 1} files, {total / 2**20:.0f} MB, {time.perf_counter() - t0:.0f} s", flush=True)

    def commit(mark, message, when, changes, parent=None):
        msg = message.encode()
        out.write(b"commit refs/heads/master\nmark :%d\n" % mark)
        for who in (b"author", b"committer"):
            out.write(b"%s TensorFlower Gardener <gardener@tensorflow.org> %d +0000\n" % (who, when))
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        if parent:
            out.write(b"from :%d\n" % parent)
        for line in changes:
            out.write(line.encode() + b"\n")
        out.write(b"\n")

    c1 = 10_000_000
    commit(c1, "Import of the tree.", 1_700_000_000,
           [f"M 100644 :{m} {p}" for p, m in sorted(tree.items())])
    # The second commit: ~40 files changed, 5 added, 2 deleted.
    changes = []
    paths = sorted(tree)
    kinds = dict(files)
    size_of = {p: s for (p, _), s in zip(files, sizes)}
    for p in [KEY_FILE] + rng.sample([p for p in paths if p != KEY_FILE], 40):
        kind = kinds[p]
        text = generate(gen, p, kind, size_of[p])
        if p == KEY_FILE:
            text = gen.python(230_000, ARRAY_OPS_FUNCS + ["ensure_shape_v3"])
        if p == needle_path:
            text += ("\n# " if kind == "py" else "\n// ") + f"the only {NEEDLE} in the repository\n"
        changes.append(f"M 100644 :{blob(text)} {p}")
    for k in range(5):
        p = f"tensorflow/python/ops/new_{gen.ident().lower()}_ops.py"
        changes.append(f"M 100644 :{blob(gen.python(8_000))} {p}")
    for p in rng.sample([p for p in paths if p.endswith("_test.py") and p != needle_path], 2):
        changes.append(f"D {p}")
    commit(c1 + 1, "Second commit: a few kernels and ops changed.", 1_700_086_400, changes, parent=c1)
    out.write(b"done\n")
    out.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    git = lambda *a: subprocess.run(["git", "-C", served, *a], env=env, check=True,
                                    capture_output=True, text=True).stdout
    git("symbolic-ref", "HEAD", "refs/heads/master")
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant",
                "uploadpack.allowReachableSHA1InWant"):
        git("config", key, "true")
    print(f"fixture: repacking ({time.perf_counter() - t0:.0f} s so far) ...", flush=True)
    git("repack", "-a", "-d", "-q")
    git("fsck", "--connectivity-only", "--no-progress")
    head_files = git("ls-tree", "-r", "--name-only", "HEAD").splitlines()
    pack = sum(os.path.getsize(os.path.join(served, "objects", "pack", f))
               for f in os.listdir(os.path.join(served, "objects", "pack")) if f.endswith(".pack"))
    head_bytes = sum(int(l.split()[3]) for l in git("ls-tree", "-r", "-l", "HEAD").splitlines())
    stats = {
        "version": FIXTURE_VERSION,
        "files_at_head": len(head_files),
        "py_in_ops": sum(1 for f in head_files
                         if f.startswith("tensorflow/python/ops/") and f.endswith(".py")),
        "blob_bytes_at_head": head_bytes,
        "blob_bytes_written": total,
        "pack_bytes_all_history": pack,
        "zlib_ratio_sample": comp_out / max(1, comp_in),
        "needle_path": needle_path,
        "build_seconds": time.perf_counter() - t0,
        "commits": 2,
    }
    with open(os.path.join(dest, "fixture.json"), "w") as fh:
        json.dump(stats, fh, indent=1)
    return stats


def fixture(env):
    """The cached fixture (built when missing): (its directory, stats)."""
    base = os.path.join(SCRATCH, "fixture")
    dest = os.path.join(base, FIXTURE_VERSION)
    info = os.path.join(dest, "fixture.json")
    if os.path.exists(info):
        with open(info) as fh:
            return dest, json.load(fh), False
    os.makedirs(base, exist_ok=True)
    tmp = f"{dest}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    stats = build_fixture(tmp, env)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)
    return dest, stats, True


def worktree(dest, env):
    """A checked-out copy of HEAD, for ctags (made once, kept with the
    fixture)."""
    wt = os.path.join(dest, "worktree")
    if os.path.exists(os.path.join(wt, ".done")):
        return wt
    shutil.rmtree(wt, ignore_errors=True)
    os.makedirs(wt)
    served = os.path.join(dest, "served", OWNER, f"{NAME}.git")
    archive = subprocess.Popen(["git", "-C", served, "archive", "HEAD"], stdout=subprocess.PIPE, env=env)
    subprocess.run(["tar", "-x", "-C", wt], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise SystemExit("git archive failed")
    open(os.path.join(wt, ".done"), "w").close()
    return wt


# --------------------------------------------------------------------------
# Running and timing.


def run(cmd, env, what, ok=(0,), stdout=subprocess.PIPE):
    """Run `cmd`; fail loudly (with its stderr) unless its status is in
    `ok`. (CompletedProcess, seconds)."""
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode not in ok:
        err = p.stderr.decode(errors="replace").strip()[-3000:]
        raise SystemExit(f"\nFAILED ({what}): {shlex.join(cmd)}\n  exit status {p.returncode}\n  stderr:\n{err}")
    return p, dt


def measured(cmd, env, what, stdout_path, ok=(0,)):
    """Wall time, peak RSS (KiB; /usr/bin/time -v when present, else
    wait4's), exit status and stderr of one run, stdout to a file."""
    timer = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    tfile = stdout_path + ".time"
    full = ([timer, "-v", "-o", tfile] + cmd) if timer else cmd
    with open(stdout_path, "wb") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(full, env=env, stdout=out, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"\nFAILED ({what}): {shlex.join(cmd)}\n  exit status {code}\n  stderr:\n"
                         f"{err.decode(errors='replace').strip()[-3000:]}")
    rss = usage.ru_maxrss
    if timer:
        with open(tfile) as fh:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", fh.read())
        if m:
            rss = int(m.group(1))
    return dt, rss, code, err.decode(errors="replace").strip()


def du(path):
    total = 0
    for dirpath, _, filenames in os.walk(path):
        for f in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total


def git_config(git_dir, key, env):
    p = subprocess.run(["git", "--git-dir", git_dir, "config", "--get", key], env=env,
                       capture_output=True, text=True)
    return p.stdout.strip()


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--relay-serve":
        return relay_main(int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mbit", type=float, default=50.0, help="relay throughput, each direction")
    ap.add_argument("--latency-ms", type=float, default=20.0, help="relay delay, each direction")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "codestudy"))
    ap.add_argument("--no-extras", action="store_true", help="skip symbols, ctags and grep")
    ap.add_argument("--keep", action="store_true", help="keep this run's clones under " + SCRATCH)
    args = ap.parse_args()
    command_line = shlex.join([sys.executable] + sys.argv)

    if not os.path.isfile(args.binary) or not os.access(args.binary, os.X_OK):
        raise SystemExit(f"no codestudy binary at {args.binary}: build it with `cargo build --release`, or pass --binary")
    os.makedirs(SCRATCH, exist_ok=True)
    work = os.path.join(SCRATCH, f"run-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    home = os.path.join(work, "home")
    os.makedirs(home)
    # The binary may be rebuilt while this runs: time a copy of it.
    binary = os.path.join(work, "codestudy")
    shutil.copy2(args.binary, binary)
    bin_stat = os.stat(args.binary)

    env = git_env(home)
    for k in list(env):
        if k.startswith("CODESTUDY_"):
            del env[k]
    env.update(XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"), LC_ALL="C")

    daemon = relay = None
    try:
        fixture_dir, stats, built = fixture(env)
        daemon, daemon_port = start_daemon(os.path.join(fixture_dir, "served"), env)
        if daemon.poll() is not None:
            raise SystemExit("git daemon did not start")
        relay, port = start_relay(daemon_port, args.mbit, args.latency_ms)
        url = f"git://127.0.0.1:{port}/{OWNER}/{NAME}.git"
        mirror = f"git://127.0.0.1:{port}/{{owner}}/{{name}}.git"
        version = run([binary, "--version"], env, "codestudy --version")[0].stdout.decode().splitlines()[0]

        def cs_env(cache, engine):
            e = dict(env)
            e.update(CODESTUDY_CACHE_DIR=cache, CODESTUDY_MIRROR=mirror,
                     CODESTUDY_CONFIG="/dev/null", CODESTUDY_GIT=engine)
            return e

        def clone_dir(cache):
            return os.path.join(cache, "repos", OWNER, f"{NAME}.git")

        last = {}

        def codestudy_pipeline(kind, i):
            engine = "cli" if kind == "lazy" else "libgit2"
            cache = os.path.join(work, f"{kind}-{i}")
            e = cs_env(cache, engine)
            t = time.perf_counter()
            c, _ = run([binary, "clone", NAME], e, f"{kind} clone")
            t_clone = time.perf_counter() - t
            said = (c.stdout + c.stderr).decode(errors="replace").strip().splitlines()
            p, _ = run([binary, "outline", f"{NAME}:{KEY_FILE}"], e, f"{kind} outline")
            total = time.perf_counter() - t
            text = p.stdout.decode(errors="replace")
            if not text.strip():
                raise SystemExit(f"FAILED ({kind}): `codestudy outline {NAME}:{KEY_FILE}` printed nothing")
            repo = clone_dir(cache)
            if not os.path.isdir(repo):
                raise SystemExit(f"FAILED ({kind}): no clone at {repo}")
            promisor = git_config(repo, "remote.origin.promisor", env) == "true"
            if promisor != (kind == "lazy"):
                raise SystemExit(f"FAILED ({kind}): the clone at {repo} is {'' if promisor else 'not '}a partial clone")
            info = dict(clone=t_clone, open=total - t_clone, total=total, disk=du(cache),
                        outline_lines=len(text.splitlines()), outline_head=text.splitlines()[:3],
                        blobs=git_config(repo, "codestudy.blobs", env), said=said[-3:])
            old = last.get(kind)
            if old and not args.keep:
                shutil.rmtree(old, ignore_errors=True)
            last[kind] = cache
            return info

        def git_pipeline(i):
            dest = os.path.join(work, f"git-{i}.git")
            t = time.perf_counter()
            run(["git", "clone", "-q", "--bare", "--depth", "1", "--single-branch", "--no-tags", url, dest],
                env, "git clone")
            t_clone = time.perf_counter() - t
            p, _ = run(["git", f"--git-dir={dest}", "show", f"HEAD:{KEY_FILE}"], env, "git show")
            total = time.perf_counter() - t
            if not p.stdout.strip():
                raise SystemExit(f"FAILED (git): git show HEAD:{KEY_FILE} printed nothing")
            info = dict(clone=t_clone, open=total - t_clone, total=total, disk=du(dest))
            if not args.keep:
                shutil.rmtree(dest, ignore_errors=True)
            return info

        pipelines = {
            "lazy": lambda i: codestudy_pipeline("lazy", i),
            "full": lambda i: codestudy_pipeline("full", i),
            "git": git_pipeline,
        }
        order = list(pipelines)
        results = {k: [] for k in order}
        print(f"fixture: {'built' if built else 'reused'} {fixture_dir}", flush=True)
        print(f"relay: 127.0.0.1:{port} -> git daemon 127.0.0.1:{daemon_port}, "
              f"{args.mbit:g} Mbit/s and {args.latency_ms:g} ms each direction", flush=True)
        for i in range(args.runs):
            turn = order[i % 3:] + order[:i % 3]
            for kind in turn:
                r = pipelines[kind](i)
                results[kind].append(r)
                print(f"  run {i + 1}/{args.runs} {kind:4}: clone {r['clone']:6.2f} s + open {r['open']:5.2f} s"
                      f" = {r['total']:6.2f} s  ({r['disk'] / 2**20:.0f} MB on disk)", flush=True)

        extras = []
        if not args.no_extras:
            extras = extra_figures(binary, work, fixture_dir, stats, last, cs_env, clone_dir, env)

        # The report.
        med = {k: {f: statistics.median(r[f] for r in results[k]) for f in ("clone", "open", "total")}
               for k in order}
        print()
        print("=" * 78)
        print("Big repositories: the tree in seconds, files on demand")
        print(f"command:    {command_line}")
        print(f"binary:     {args.binary} ({version}; built {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(bin_stat.st_mtime))}, "
              f"{bin_stat.st_size / 2**20:.0f} MB)")
        print(f"git:        {run(['git', '--version'], env, 'git --version')[0].stdout.decode().strip()}")
        print(f"fixture:    {fixture_dir} ({'built in %.0f s' % stats['build_seconds'] if built else 'reused'}): "
              f"{stats['files_at_head']} files at HEAD, {stats['py_in_ops']} .py in tensorflow/python/ops, "
              f"{stats['blob_bytes_at_head'] / 2**20:.0f} MB of blobs at HEAD, {stats['commits']} commits, "
              f"pack {stats['pack_bytes_all_history'] / 2**20:.0f} MB (both commits), "
              f"zlib ratio {stats['zlib_ratio_sample']:.2f}")
        print(f"link:       relay at {args.mbit:g} Mbit/s and +{args.latency_ms:g} ms each direction; "
              f"{args.runs} run(s) each, alternating, each from an empty cache")
        print(f"key file:   {KEY_FILE}")
        print()
        print(f"{'pipeline':<44} {'clone':>8} {'open':>7} {'total':>8}   {'min':>7} {'max':>7}  disk")
        labels = {
            "lazy": "lazy  (CODESTUDY_GIT=cli clone + outline)",
            "full": "full  (CODESTUDY_GIT=libgit2 clone + outline)",
            "git": "git   (git clone --bare --depth 1 + show)",
        }
        for k in order:
            tot = [r["total"] for r in results[k]]
            print(f"{labels[k]:<44} {med[k]['clone']:8.2f} {med[k]['open']:7.2f} {med[k]['total']:8.2f}   "
                  f"{min(tot):7.2f} {max(tot):7.2f}  {results[k][-1]['disk'] / 2**20:.0f} MB")
        print("(medians in seconds; open = the outline printed, or git show; disk = the last run's clone)")
        lazy, full, gitm = med["lazy"]["total"], med["full"]["total"], med["git"]["total"]
        print()
        print(f"ratio lazy/full: {lazy / full:.3f}   (full is {full / lazy:.1f}x the lazy time)")
        print(f"ratio lazy/git:  {lazy / gitm:.3f}   (git is {gitm / lazy:.1f}x the lazy time)")
        ok1, ok2 = lazy < 5.0, lazy < full / 5
        print(f"target: lazy under 5 s: {'yes' if ok1 else 'NO'} ({lazy:.2f} s); "
              f"under a fifth of the full clone ({full / 5:.2f} s): {'yes' if ok2 else 'NO'}"
              f"  => {'MET' if ok1 and ok2 else 'MISSED'}")
        print(f"outline: {results['lazy'][-1]['outline_lines']} lines (lazy), "
              f"{results['full'][-1]['outline_lines']} lines (full); "
              f"codestudy.blobs = {results['lazy'][-1]['blobs']!r} (lazy), {results['full'][-1]['blobs']!r} (full)")
        for k in ("lazy", "full"):
            print(f"codestudy clone said ({k}): " + " | ".join(l.strip() for l in results[k][-1]["said"]))
        print("outline's first lines (lazy): " + " | ".join(l.strip() for l in results["lazy"][-1]["outline_head"]))
        if extras:
            print()
            print("extra figures (once, on the last run's clones):")
            for line in extras:
                print("  " + line)
        print("=" * 78)
    finally:
        for p in (relay, daemon):
            if p:
                p.kill()
                p.wait()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def extra_figures(binary, work, fixture_dir, stats, last, cs_env, clone_dir, env):
    lines = []
    out = os.path.join(work, "out.txt")
    lazy_cache, full_cache = last["lazy"], last["full"]
    e_lazy, e_full = cs_env(lazy_cache, "cli"), cs_env(full_cache, "libgit2")

    def count_lines(path):
        n = 0
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                n += block.count(b"\n")
        return n

    def symbols(e, label):
        dt, rss, _, err = measured([binary, "symbols", NAME], e, f"symbols {label}", out)
        n = count_lines(out)
        if n == 0:
            raise SystemExit(f"FAILED: codestudy symbols {NAME} ({label}) printed nothing")
        report = err.splitlines()[-1] if err else ""
        return dt, rss, n, report

    print("extras: codestudy symbols on the lazy clone (cold: fetches blobs through the relay) ...", flush=True)
    for cache in (lazy_cache, full_cache):
        shutil.rmtree(os.path.join(cache, "index"), ignore_errors=True)
    before = du(lazy_cache)
    cold = symbols(e_lazy, "lazy, cold")
    after = du(lazy_cache)
    warm = symbols(e_lazy, "lazy, warm")
    print("extras: codestudy symbols on the full clone ...", flush=True)
    fcold = symbols(e_full, "full, cold")
    lines.append("(peak RSS: the process's and its children's, e.g. the git that fetches, as wait4 reports it)")
    lines.append(f"codestudy symbols (lazy clone), cold: {cold[0]:7.2f} s, peak RSS {cold[1] / 1024:.0f} MB, "
                 f"{cold[2]} lines; clone grew {before / 2**20:.0f} -> {after / 2**20:.0f} MB")
    lines.append(f"    its report: {cold[3]}")
    lines.append(f"codestudy symbols (lazy clone), warm: {warm[0]:7.2f} s, peak RSS {warm[1] / 1024:.0f} MB "
                 f"(cold/warm {cold[0] / warm[0]:.0f}x)")
    lines.append(f"    its report: {warm[3]}")
    lines.append(f"codestudy symbols (full clone), cold: {fcold[0]:7.2f} s, peak RSS {fcold[1] / 1024:.0f} MB "
                 f"(no fetching: the lazy cold run's fetch cost ~{cold[0] - fcold[0]:.1f} s)")

    ctags = shutil.which("ctags")
    universal = False
    if ctags:
        v = subprocess.run([ctags, "--version"], capture_output=True, text=True)
        universal = "Universal" in v.stdout
    if universal:
        print("extras: ctags on a checked-out copy ...", flush=True)
        wt = worktree(fixture_dir, env)
        dt, rss, _, _ = measured([ctags, "-R", "--languages=Python,C,C++", "-f", "-", wt], env, "ctags", out)
        tags = count_lines(out)
        lines.append(f"ctags -R --languages=Python,C,C++ -f - (worktree): {dt:7.2f} s, peak RSS {rss / 1024:.0f} MB, {tags} tags")
        lines.append(f"    ratios: lazy cold / ctags {cold[0] / dt:.2f}x, full cold / ctags {fcold[0] / dt:.2f}x, "
                     f"warm / ctags {warm[0] / dt:.3f}x (ctags / warm {dt / warm[0]:.0f}x)")
    else:
        lines.append("ctags: universal-ctags is not installed; no comparison")

    print("extras: grep ...", flush=True)
    needle = stats["needle_path"]
    grep_lines = {}
    for label, e in (("lazy", e_lazy), ("full", e_full)):
        dt, rss, code, err = measured([binary, "grep", "-s", NAME, NEEDLE], e, f"grep {label}", out, ok=(0, 1))
        with open(out, errors="replace") as fh:
            found = [l.rstrip("\n") for l in fh]
        grep_lines[label] = found
        lines.append(f"codestudy grep -s {NAME} {NEEDLE} ({label} clone): {dt:7.2f} s, peak RSS {rss / 1024:.0f} MB, "
                     f"exit {code}, {len(found)} match(es)")
    git_dir = clone_dir(full_cache)
    dt, rss, code, _ = measured(["git", f"--git-dir={git_dir}", "grep", "-n", "-I", NEEDLE, "HEAD"], env,
                                "git grep", out, ok=(0, 1))
    with open(out, errors="replace") as fh:
        gfound = [l.rstrip("\n") for l in fh]
    lines.append(f"    the lazy clone after symbols and grep: {du(lazy_cache) / 2**20:.0f} MB on disk")
    lines.append(f"git grep -n -I {NEEDLE} HEAD (full clone):         {dt:7.2f} s, peak RSS {rss / 1024:.0f} MB, "
                 f"exit {code}, {len(gfound)} match(es)")
    for label, found in grep_lines.items():
        if not any(needle in l for l in found):
            lines.append(f"    WARNING: codestudy grep ({label}) did not report {needle}: {found[:3]}")
    if not any(needle in l for l in gfound):
        lines.append(f"    WARNING: git grep did not report {needle}: {gfound[:3]}")
    lines.append(f"    expected: 1 match, in {needle}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
