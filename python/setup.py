"""Build the mibtcp binding with setuptools alone (Debian's python3-setuptools and python3-dev):

    pip install --no-build-isolation ./python

The extension links the library's own sources (lib/src) and the CLI's pure carving and container
code statically, so the installed module needs nothing else; no network, no other build dependency."""

import glob
import os
import re

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def version():
    with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(mibtcp VERSION ([0-9.]+)", f.read()).group(1)


sources = sorted(glob.glob(os.path.join(HERE, "src", "*.c")))
sources += sorted(glob.glob(os.path.join(REPO, "lib", "src", "*", "*.c")))
sources += [os.path.join(REPO, "tools", "mibtcp", *p) for p in
            (("common", "carve_part.c"), ("common", "carve_hit.c"), ("common", "kind_layout.c"), ("common", "owner_class.c"), ("input", "image_container.c"))]

setup(
    name="mibtcp",
    version=version(),
    description="Validated zero-copy decoding of Windows TCP/UDP connection tables (GetExtendedTcpTable & co.)",
    packages=["mibtcp"],
    ext_modules=[Extension(
        "mibtcp._mibtcp",
        sources=sources,
        include_dirs=[os.path.join(HERE, "src"), os.path.join(REPO, "lib", "include"),
                      os.path.join(REPO, "lib", "src"), os.path.join(REPO, "tools", "mibtcp")],
        extra_compile_args=["-std=c11", "-fvisibility=hidden"],
    )],
    python_requires=">=3.8",
)
