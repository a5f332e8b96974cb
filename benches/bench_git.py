"""What the Python benchmarks share: running commands, a git environment
of their own, and a `git daemon` on 127.0.0.1 serving a folder."""

import os
import socket
import subprocess
import time


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def git_env(home):
    """The environment for git and codestudy: a home of their own, no
    system configuration, a fixed author."""
    env = dict(os.environ)
    env.update(HOME=home, XDG_CONFIG_HOME=home, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_daemon(base, env):
    """git-daemon itself (`git daemon` would leave it running when killed)
    serving `base` on a free port, once it accepts connections: (process,
    port)."""
    port = free_port()
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True,
                               text=True, check=True).stdout.strip()
    daemon = subprocess.Popen(
        [os.path.join(exec_path, "git-daemon"), "--listen=127.0.0.1", f"--port={port}",
         f"--base-path={base}", "--export-all", "--reuseaddr", base], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return daemon, port
