"""The pipeline's settings: one frozen object, and a key that changes when any of them does.

A raw file is processed again when its bytes or :meth:`Settings.key` change, so
every field that changes what the pipeline writes belongs here.

Where the values come from, first match wins (:func:`resolve`):

1. command-line flags (``newsclean run --min-words 20``) or flow parameters;
2. environment variables ``NEWSCLEAN_<FIELD>`` (``NEWSCLEAN_MIN_WORDS=20``);
3. a TOML file: ``--config PATH``, else ``$NEWSCLEAN_CONFIG``, else ``./newsclean.toml``
   if there is one (top-level keys, or a ``[newsclean]`` table, named like the fields);
4. the defaults below.

``newsclean config`` prints every value and where it came from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from cleaners.io.readers import DEFAULT_MAX_BYTES, MiB

# Bumped whenever a change to the cleaners changes their output for the same input.
PIPELINE_VERSION = "2"  # 2: rule table extended, site templates, precision-mode HTML text


@dataclass(frozen=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES  # per document, decompressed
    min_words: int = 10  # an article shorter than this is rejected
    shingle_size: int = 5  # words per shingle for near-duplicate signatures
    num_perm: int = 128  # MinHash permutations
    lsh_threshold: float = 0.3  # Jaccard at which LSH proposes a candidate pair (verified after)
    jaccard_threshold: float = 0.6  # verified Jaccard of word 5-gram sets that makes two documents copies (bench.dedup)
    containment_threshold: float = 0.8  # or: this share of the smaller one's shingles is in the larger
    batch_size: int = 200  # documents per parallel task (a .jsonl is sliced to this many records)
    redis_url: str = ""  # keep the LSH index in Redis (datasketch's storage) instead of state.db
    raw_dir: str = "raw"  # where `newsclean run` reads when no RAW_DIR is given
    clean_dir: str = "clean"  # where `run`, `report`, `export` work when no CLEAN_DIR is given

    def __post_init__(self) -> None:
        for problem in _problems(asdict(self)):
            raise ValueError(problem)

    def key(self) -> str:
        """Hash of everything that changes the cleaned output (not batch size).

        >>> Settings().key() == Settings(batch_size=7).key() == Settings(redis_url="redis://localhost").key()
        True
        >>> Settings().key() == Settings(min_words=3).key()
        False
        """
        data = {k: v for k, v in asdict(self).items() if k not in NOT_IN_KEY}
        data["version"] = PIPELINE_VERSION
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values are ignored.

        >>> Settings().with_overrides(min_words=3, jaccard_threshold=None).min_words
        3
        >>> Settings().with_overrides(min_wrds=3)
        Traceback (most recent call last):
        ...
        ValueError: unknown setting(s): min_wrds
        """
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


# Fields that do not change what a document is cleaned into (a change does not re-process files).
NOT_IN_KEY = frozenset({"batch_size", "raw_dir", "clean_dir", "redis_url"})  # how and where, not what
ENV_PREFIX = "NEWSCLEAN_"
CONFIG_FILE = "newsclean.toml"
_OTHER_ENV = frozenset({"NEWSCLEAN_CONFIG", "NEWSCLEAN_SHARED"})  # the config file's path; the tests' data
HELP = {
    "max_bytes": "largest document accepted (decompressed), bytes or a size like '16 MB'",
    "min_words": "reject an article with fewer words of text than this after stripping",
    "shingle_size": "words per shingle for near-duplicate signatures",
    "num_perm": "MinHash permutations",
    "lsh_threshold": "estimated Jaccard at which LSH proposes a pair for verification",
    "jaccard_threshold": "verified word-shingle Jaccard at which two documents are copies",
    "containment_threshold": "or: share of the shorter document's shingles found in the longer",
    "batch_size": "documents per parallel task",
    "redis_url": "keep the near-duplicate LSH index in Redis at this URL (shared by many workers) instead of the clean dir's state",
    "raw_dir": "folder of raw scraped files (when none is given)",
    "clean_dir": "output folder (when none is given)",
}
_RANGES: dict[str, tuple[float, float]] = {
    "max_bytes": (1, float("inf")), "min_words": (0, float("inf")), "shingle_size": (1, 50),
    "num_perm": (16, 1024), "lsh_threshold": (0.05, 1.0), "jaccard_threshold": (0.0, 1.0),
    "containment_threshold": (0.0, 1.0), "batch_size": (1, float("inf")),
}


def _problems(values: dict[str, Any]) -> list[str]:
    """What is wrong with these values, one sentence each (empty when nothing is).

    >>> _problems({"min_words": -1, "jaccard_threshold": 2.0, "batch_size": "ten"})
    ['min_words must be at least 0, got -1', 'jaccard_threshold must be between 0 and 1, got 2.0', "batch_size must be a whole number, got 'ten'"]
    """
    out = []
    for name, value in values.items():
        kind = _TYPES.get(name, object)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            if not (kind is float and isinstance(value, int) and not isinstance(value, bool)):
                out.append(f"{name} must be {_KIND_NAMES.get(kind, kind.__name__)}, got {value!r}")
                continue
        low, high = _RANGES.get(name, (None, None))
        if low is not None and not low <= value <= high:
            bound = f"at least {low:g}" if high == float("inf") else f"between {low:g} and {high:g}"
            out.append(f"{name} must be {bound}, got {value!r}")
    return out


# Each field's type, from its default: a field added to Settings is read from TOML and NEWSCLEAN_* with no other change.
_TYPES: dict[str, type] = {f.name: type(f.default) for f in fields(Settings)}
_KIND_NAMES = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}
_BOOLS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(bytes?|b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$", re.IGNORECASE)


def parse_size(value: str | int) -> int:
    """A size in bytes from a number or a string like ``"16 MB"`` (MB = 2**20 bytes, as the manifest writes).

    >>> parse_size("16 MB"), parse_size("512k"), parse_size(1000), parse_size("2.5 MiB")
    (16777216, 524288, 1000, 2621440)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    ValueError: not a size: 'lots' (write e.g. 16 MB, 512 KB or a number of bytes)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f"not a size: {value!r} (write e.g. 16 MB, 512 KB or a number of bytes)")
    unit = (match[2] or "b").lower()[0]
    return int(float(match[1]) * {"b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}[unit])


def _convert(name: str, value: Any, where: str) -> Any:
    """A value from a file or the environment, as the field's type; a clear error naming where it came from."""
    kind = _TYPES.get(name, str)
    if name == "max_bytes":
        try:
            return parse_size(value)
        except ValueError as exc:
            raise ValueError(f"{where}: max_bytes: {exc}") from exc
    try:
        if kind is bool and isinstance(value, str):
            return _BOOLS[value.strip().lower()]
        if isinstance(value, str) and kind is not str:
            return kind(value.strip())
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value
    except (ValueError, KeyError) as exc:
        raise ValueError(f"{where}: {name} must be {_KIND_NAMES.get(kind, kind.__name__)}, got {value!r}") from exc


@dataclass(frozen=True)
class Resolved:
    """Settings and, for every field, where its value came from."""

    settings: Settings
    sources: dict[str, str] = field(default_factory=dict)
    config_file: str | None = None
    warnings: list[str] = field(default_factory=list)


def resolve(cli: Mapping[str, Any] | None = None, *, env: Mapping[str, str] | None = None,
            config: str | os.PathLike[str] | None = None, cwd: str | os.PathLike[str] | None = None) -> Resolved:
    """Settings from flags (``cli``; ``None`` values mean "not given"), environment, TOML file, defaults.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "newsclean.toml").write_text('min_words = 25\\nmax_bytes = "4 MB"\\nbatch_size = 50\\n')
    >>> r = resolve({"batch_size": 10}, env={"NEWSCLEAN_MIN_WORDS": "30"}, cwd=folder)
    >>> r.settings.min_words, r.settings.max_bytes, r.settings.batch_size, r.settings.jaccard_threshold
    (30, 4194304, 10, 0.6)
    >>> r.sources["min_words"], r.sources["batch_size"], r.sources["jaccard_threshold"]
    ('NEWSCLEAN_MIN_WORDS', 'command line', 'default')
    >>> resolve(env={"NEWSCLEAN_JACCARD_THRESHOLD": "high"}, cwd=folder)
    Traceback (most recent call last):
    ...
    ValueError: NEWSCLEAN_JACCARD_THRESHOLD: jaccard_threshold must be a number, got 'high'
    """
    env = os.environ if env is None else env
    names = [f.name for f in fields(Settings)]
    values: dict[str, Any] = {}
    sources = {name: "default" for name in names}

    path = _config_path(config, env, cwd)
    if path is not None:
        for name, value in _read_toml(path).items():
            values[name] = _convert(name, value, str(path))
            sources[name] = str(path)
    # Other tools of the project may read NEWSCLEAN_* variables too: an unknown one is a warning, not an error.
    warnings = [f"{k} is not a setting (known: {', '.join(ENV_PREFIX + n.upper() for n in names)})"
                for k in sorted(env) if k.startswith(ENV_PREFIX) and k[len(ENV_PREFIX):].lower() not in names
                and k not in _OTHER_ENV]
    for name in names:
        var = ENV_PREFIX + name.upper()
        if var in env and env[var].strip():
            values[name] = _convert(name, env[var], var)
            sources[name] = var
    for name, value in (cli or {}).items():
        if name not in names:
            raise ValueError(f"unknown setting: {name}")
        if value is not None:
            values[name] = _convert(name, value, "command line")
            sources[name] = "command line"
    problems = _problems(values)
    if problems:
        wrong = problems[0].split(" ", 1)[0]
        raise ValueError(f"{sources[wrong]}: {problems[0]}")
    return Resolved(Settings(**values), sources, str(path) if path else None, warnings)


def _config_path(config: str | os.PathLike[str] | None, env: Mapping[str, str],
                 cwd: str | os.PathLike[str] | None) -> Path | None:
    explicit = config or env.get(f"{ENV_PREFIX}CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ValueError(f"config file not found: {path}")
        return path
    path = Path(cwd or ".") / CONFIG_FILE
    return path if path.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read the config file {path}: {exc}") from exc
    if isinstance(data.get("newsclean"), dict):
        data = data["newsclean"]
    names = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(names))})")
    return data
