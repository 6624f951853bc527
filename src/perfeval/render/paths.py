"""Paths as CI services want them: relative to the repository root, with `/` separators.

GitHub annotations, GitLab Code Quality, SARIF and JUnit place a finding by a path relative
to the checkout; an absolute path lands nowhere. The root is the working directory unless
`--root DIR` says otherwise. A relative input is first taken from the working directory;
a path outside the root stays absolute (with `/`), since nothing shorter names it. The
arithmetic is on pure paths of the root's flavour, so Windows paths (drive letters,
backslashes, case-insensitive) are handled the same on any machine.
"""

from __future__ import annotations

import ntpath
import posixpath
from dataclasses import replace
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from perfeval.errors import Diagnostic
from perfeval.render import RenderOptions


def relative_path(file: str, root: PurePath, cwd: PurePath) -> str:
    """`file` relative to `root` with `/` separators, or absolute (with `/`) outside it."""
    flavour: type[PurePath] = (
        PureWindowsPath if isinstance(root, PureWindowsPath) else PurePosixPath
    )
    paths = ntpath if flavour is PureWindowsPath else posixpath
    path = flavour(file)
    if not path.is_absolute():
        path = flavour(cwd) / path
    path = flavour(paths.normpath(str(path)))
    try:
        return path.relative_to(flavour(paths.normpath(str(root)))).as_posix()
    except ValueError:
        return path.as_posix()


def ci_path(file: str, options: RenderOptions) -> str:
    """`file` relative to the run's root (`--root`, else the working directory)."""
    cwd = PurePath(Path.cwd())
    return relative_path(file, options.root or cwd, cwd)


def with_ci_path(found: Diagnostic, options: RenderOptions) -> Diagnostic:
    """The diagnostic located by its CI path."""
    return replace(
        found, location=replace(found.location, file=ci_path(found.location.file, options))
    )
