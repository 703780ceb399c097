"""A compiled copy of the validated course, keyed by a digest of everything that shapes it.

Parsing and validating 21 chapter files takes about a quarter of a second at every start; reading
back the validated course from a pickle takes a hundredth. The key covers the content files and
the code that validates them (this package's modules), so any edit to either misses the cache and
validates afresh; a cache that cannot be written (read-only home, container) is simply skipped.
The cache lives in the user's cache folder, written only by this program: a pickle is loaded
only from there.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from content.schema import Course

log = logging.getLogger(__name__)
CODE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    configured = os.environ.get("COURSE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "system-design-coach"


def digest(content_dir: Path) -> str:
    """sha256 over the content files and this package's code, in a stable order."""
    sha = hashlib.sha256()
    for root in (content_dir, CODE_DIR):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".py"):
                sha.update(str(path.relative_to(root)).encode())
                sha.update(path.read_bytes())
    return sha.hexdigest()


def cached_course(content_dir: Path, load: Callable[[Path], Course]) -> Course:
    path = cache_dir() / f"course-{digest(content_dir)}.pickle"
    unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError)
    with contextlib.suppress(*unreadable), path.open("rb") as stream:
        course: Course = pickle.load(stream)  # our own file (see above), so unpickling is safe
        return course
    course = load(content_dir)  # raises ContentError: nothing is cached for broken content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as written:
            pickle.dump(course, written, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written.name, path)  # atomic: a concurrent start never reads half a file
    except OSError as exc:
        log.debug("course cache not written: %s", exc)
    return course
