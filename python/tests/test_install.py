"""`pip install --no-build-isolation ./python` works offline (setuptools and python3-dev only) and
installs the same module the build tree has."""

import os
import shutil
import subprocess
import sys

from conftest import REPO, gen


def test_pip_install_offline(tmp_path):
    target = tmp_path / "site"
    # pip builds in the source folder (build/, *.egg-info): install from a copy of what setup.py reads,
    # so that the test leaves the source tree as it found it.
    copy = tmp_path / "src"
    for part in ("python", "lib", os.path.join("tools", "mibtcp", "common"), os.path.join("tools", "mibtcp", "input")):
        shutil.copytree(os.path.join(REPO, part), copy / part,
                        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    shutil.copy(os.path.join(REPO, "CMakeLists.txt"), copy / "CMakeLists.txt")
    p = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-index",
                        "--no-deps", "--target", str(target), str(copy / "python")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path)
    assert p.returncode == 0, "pip install failed (apt-get install python3-pip python3-setuptools " \
                              "python3-wheel python3-dev):\n" + p.stdout.decode()
    table = tmp_path / "t.bin"
    table.write_bytes(gen("udp6-module", 3, 2))
    script = ("import sys, mibtcp; assert mibtcp.__file__.startswith(sys.argv[1]), mibtcp.__file__; "
              "t = mibtcp.open(open(sys.argv[2], 'rb').read()); print(t.kind.cli_name, len(t), t[2].local_port)")
    env = dict(os.environ, PYTHONPATH=str(target))
    # cwd: -c puts the working directory first on sys.path, and ctest runs in build/python (the build tree's).
    out = subprocess.run([sys.executable, "-c", script, str(target), str(table)], env=env, cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert out.returncode == 0, out.stderr.decode()
    import mibtcp  # the build tree's
    want = mibtcp.open(table.read_bytes())
    assert out.stdout.decode().split() == [want.kind.cli_name, "3", str(want[2].local_port)]
