"""The pipeline's settings: one frozen object, and a key that changes when any of them does.

A raw file is processed again when its bytes or :meth:`Settings.key` change, so
every field that changes what the pipeline writes belongs here.

Each field declares, once, its default, its range (``ge``/``le``), its unit
(``json_schema_extra={"unit": ...}``) and its help (``description``); the
``newsclean`` command's options, the flow's parameters and ``newsclean config``
read them from the field (:func:`help_text`, :func:`bounds`, :class:`FromSetting`).
One name per setting everywhere: the field ``min_words`` is the TOML key
``min_words``, the variable ``NEWSCLEAN_MIN_WORDS``, the flow parameter
``min_words`` and, for the settings the command has a flag for, ``--min-words``.

Where the values come from, first match wins (:func:`resolve`):

1. command-line flags (``newsclean run --min-words 20``) or flow parameters;
2. environment variables ``NEWSCLEAN_<FIELD>`` (``NEWSCLEAN_MIN_WORDS=20``);
3. a TOML file: ``--config PATH``, else ``$NEWSCLEAN_CONFIG``, else ``./newsclean.toml``
   if there is one (top-level keys, or a ``[newsclean]`` table, named like the fields);
4. the defaults below.

``Settings(...)`` itself holds exactly what it is given (its only source is its
keyword arguments), so the object a test, a worker or ``run_pipeline`` builds never
depends on the environment; :func:`resolve` stacks the layers and records where each
value came from, which pydantic-settings does not.  ``newsclean config`` prints every
value and its source.  Importing this module imports pydantic, never Prefect; pydantic-settings
is imported only to read a TOML file (:func:`resolve`).  ``Settings`` is a plain pydantic
model, not a pydantic-settings ``BaseSettings``: its only source is its keyword arguments
either way, and importing pydantic-settings cost 0.145 s of CPU at every start of the
``newsclean`` command (``python -m bench.startup``; README "Start-up").
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ByteSize, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from cleaners.article import MIN_WORDS
from cleaners.io.formats import parse_fields
from cleaners.io.readers import DEFAULT_MAX_BYTES, MiB

# Bumped whenever a change to the cleaners changes their output for the same input.
PIPELINE_VERSION = "3"  # 2: rule table extended, site templates, precision-mode HTML text; 3: real input
# (scraper shapes, block rules, per-language vocabulary, headline search, per-segment repair, metadata):
# a clean dir of an older version is cleaned again once, so its articles get what changed

ENV_PREFIX = "NEWSCLEAN_"
CONFIG_FILE = "newsclean.toml"


class Size(ByteSize):
    """A size in bytes, from a number or a string like ``"16 MB"`` (pydantic's :class:`~pydantic.ByteSize`).

    One difference from ``ByteSize``: KB, MB and GB (and K, M, G) are powers of 2, as
    newsclean has always read them and as the manifest's rejection messages write
    them; ``"16 MB"`` is 16 × 2**20 bytes, the same as ``"16 MiB"``.

    >>> ta = TypeAdapter(Size)
    >>> ta.validate_python("16 MB"), ta.validate_python("512k"), ta.validate_python(1000), ta.validate_python("2.5 MiB")
    (16777216, 524288, 1000, 2621440)
    >>> Size(16 * MiB).human_readable(separator=" ")
    '16.0 MiB'
    """

    byte_sizes = {**ByteSize.byte_sizes, "kb": 2**10, "mb": 2**20, "gb": 2**30, "tb": 2**40,
                  "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40, "byte": 1, "bytes": 1}


#: A user field mapping: ``(newsclean field, record key)`` pairs, from ``["text=article_body"]``, a TOML
#: table ``[fields]`` or a variable ``"text=article_body,published=pub_date"`` (:func:`~cleaners.io.formats.parse_fields`).
FieldMap = Annotated[tuple[tuple[str, str], ...], BeforeValidator(parse_fields)]


class BadSetting(ValueError):
    """A setting's value is wrong: ``str()`` is the sentence saying why, ``.name`` the setting (or unknown key)."""

    def __init__(self, name: str, sentence: str) -> None:
        super().__init__(sentence)
        self.name = name


class Settings(BaseModel):
    """Every setting of a run: frozen, hashable, picklable (it travels to the process-pool workers).

    ``Settings(min_words=20)`` is the defaults with ``min_words`` changed (nothing is read from
    the environment or a file here: :func:`resolve` layers those); a wrong value raises
    :class:`BadSetting` (a :class:`ValueError`) with one sentence saying what is wrong:

    >>> import os
    >>> os.environ["NEWSCLEAN_MIN_WORDS"] = "99"
    >>> Settings().min_words, resolve().settings.min_words
    (10, 99)
    >>> del os.environ["NEWSCLEAN_MIN_WORDS"]

    >>> Settings(min_words=20).min_words, Settings().jaccard_threshold
    (20, 0.6)
    >>> Settings(jaccard_threshold=2.0)
    Traceback (most recent call last):
    ...
    cleaners.settings.BadSetting: jaccard_threshold must be between 0 and 1, got 2.0
    >>> Settings(batch_size="ten")
    Traceback (most recent call last):
    ...
    cleaners.settings.BadSetting: batch_size must be a whole number, got 'ten'
    """

    # frozen: hashable; extra="forbid": an unknown name is an error (MIN_WORDS in a file too: names are
    # case-sensitive); validate_default: a default goes through its field's validators, as BaseSettings did.
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    # The source of each default is in the comment beside it; README "Near-duplicates" has the sweep's figures.

    max_bytes: Size = Field(  # 16 MiB: cleaners.io.readers.DEFAULT_MAX_BYTES, the readers' own default
        Size(DEFAULT_MAX_BYTES), ge=1, json_schema_extra={"unit": "bytes"},
        description="Largest document accepted, decompressed: bytes, or a size like '16 MB' (MB = 2**20 bytes); "
                    "larger ones are rejected with a reason")
    min_words: int = Field(  # newsclean 0.1's value: cleaners.article.MIN_WORDS, clean_document's own default
        MIN_WORDS, ge=0, json_schema_extra={"unit": "words"},
        description="Reject an article with fewer words of text than this after stripping")
    shingle_size: int = Field(  # bench.dedup synd --sweep: 3, 5 and 7 give the same clusters
        5, ge=1, le=50, json_schema_extra={"unit": "words"},
        description="Words per shingle for near-duplicate signatures")
    num_perm: int = Field(  # bench.dedup synd --sweep: 64-256 give the same clusters; 512 bytes a signature
        128, ge=16, le=1024, json_schema_extra={"unit": "permutations"},
        description="MinHash permutations per signature")
    lsh_threshold: float = Field(  # a story in a page twice its length (Jaccard ~0.5) is always a candidate
        0.3, ge=0.05, le=1.0, json_schema_extra={"unit": "Jaccard (0-1)"},
        description="Estimated Jaccard at which MinHash LSH proposes a pair for verification")
    jaccard_threshold: float = Field(  # bench.dedup synd --sweep: 0.5 merges updated versions, 0.7 loses trims
        0.6, ge=0.0, le=1.0, json_schema_extra={"unit": "Jaccard (0-1)"},
        description="Verified word-shingle Jaccard at which two documents are copies")
    containment_threshold: float = Field(  # bench.dedup synd --sweep: 0.6/0.8 chosen (P 0.9945, R 1.0)
        0.8, ge=0.0, le=1.0, json_schema_extra={"unit": "share (0-1)"},
        description="Or: share of the shorter document's shingles found in the longer (trimmed copies)")
    batch_size: int = Field(  # README "Speed": 500 instead of 200 changes 10k documents by less than noise
        200, ge=1, json_schema_extra={"unit": "documents"},
        description="Documents per parallel task (a .jsonl is sliced to this many records)")
    redis_url: str = Field(  # empty: the index is kept in the clean dir's state
        "", json_schema_extra={"unit": "URL"},
        description="Keep the near-duplicate LSH index in Redis at this URL, shared by many workers, instead of "
                    "in the clean dir's state")
    fields: FieldMap = Field(  # empty: the scraper table of cleaners.io.formats alone
        (), json_schema_extra={"unit": "FIELD=KEY"},
        description="Where a JSON record keeps newsclean's fields, tried before the scraper table: "
                    "text=article_body, published=pub_date (fields: html, text, url, title, author, published, "
                    "site; a key may be a dotted path like source.name)")
    raw_dir: str = Field(
        "raw", json_schema_extra={"unit": "folder"},
        description="Folder of raw scraped files, read recursively, never written")
    clean_dir: str = Field(
        "clean", json_schema_extra={"unit": "folder"},
        description="Output folder: manifest.jsonl, articles/, report.html and the run state")

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            name, sentence = _sentences(exc, type(self))[0]
            raise BadSetting(name, sentence) from exc

    def key(self) -> str:
        """Hash of everything that changes the cleaned output (not batch size, folders or Redis): 16 hex digits.

        The same as newsclean 0.1's for the same values (a clean dir it wrote is not reprocessed):
        SHA-256 of the JSON of the fields outside :data:`NOT_IN_KEY` plus ``version``.

        >>> Settings().key() == Settings(batch_size=7).key() == Settings(redis_url="redis://localhost").key()
        True
        >>> Settings().key() == Settings(min_words=3).key()
        False
        """
        data = self.model_dump(exclude=set(NOT_IN_KEY))  # max_bytes dumps as a plain int
        if not data["fields"]:
            del data["fields"]  # no mapping: the key newsclean had before the setting existed
        data["version"] = PIPELINE_VERSION
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed (validated); ``None`` values are ignored.

        >>> Settings().with_overrides(min_words=3, jaccard_threshold=None).min_words
        3
        >>> Settings().with_overrides(min_wrds=3)
        Traceback (most recent call last):
        ...
        ValueError: unknown setting(s): min_wrds
        """
        unknown = set(overrides) - set(type(self).model_fields)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return type(self)(**{**self.model_dump(), **{k: v for k, v in overrides.items() if v is not None}})


# Fields that do not change what a document is cleaned into (a change does not re-process files).
NOT_IN_KEY = frozenset({"batch_size", "raw_dir", "clean_dir", "redis_url"})  # how and where, not what
_OTHER_ENV = frozenset({"NEWSCLEAN_CONFIG", "NEWSCLEAN_SHARED"})  # the config file's path; the tests' data
# What a value of each field type must be, for the error sentences ("min_words must be a whole number").
_KIND_NAMES = {int: "a whole number", float: "a number", str: "text", bool: "true or false", Size: "a size"}
_SIZE_HINT = "write e.g. 16 MB, 512 KB or a number of bytes"


def bounds(name: str, settings_cls: type[Settings] = Settings) -> tuple[float | None, float | None]:
    """The range ``(low, high)`` of a field, from its ``ge``/``le`` (``None``: no bound).

    >>> bounds("lsh_threshold"), bounds("min_words"), bounds("redis_url")
    ((0.05, 1.0), (0, None), (None, None))
    """
    metadata = settings_cls.model_fields[name].metadata  # Field(ge=1, le=50) → [Ge(ge=1), Le(le=50)]
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    return low, high


def unit(name: str, settings_cls: type[Settings] = Settings) -> str:
    """The unit a field is counted in (its ``json_schema_extra["unit"]``).

    >>> unit("max_bytes"), unit("min_words")
    ('bytes', 'words')
    """
    extra = settings_cls.model_fields[name].json_schema_extra
    return str(extra.get("unit", "")) if isinstance(extra, dict) else ""


def shown(name: str, value: Any) -> str:
    """A setting's value for people: sizes through :meth:`~pydantic.ByteSize.human_readable`.

    >>> shown("max_bytes", 16 * MiB), shown("jaccard_threshold", 0.6), shown("redis_url", "")
    ('16.0 MiB', '0.6', '')
    """
    if name == "fields":
        return ", ".join(f"{ours}={theirs}" for ours, theirs in value)
    return Size(value).human_readable(separator=" ") if name == "max_bytes" else str(value)


def help_text(name: str, settings_cls: type[Settings] = Settings) -> str:
    """A field's help with its default, as ``newsclean --help`` and the flow's parameter schema show it.

    >>> help_text("jaccard_threshold")
    'Verified word-shingle Jaccard at which two documents are copies (default 0.6).'
    >>> help_text("max_bytes").endswith("rejected with a reason (default 16.0 MiB).")
    True
    """
    info = settings_cls.model_fields[name]
    default = shown(name, info.default)
    return f"{info.description}" + (f" (default {default})." if default else ".")


@dataclass(frozen=True)
class FromSetting:
    """Annotation of a flow parameter that stands for a setting: the field's range and help, read from it.

    ``min_words: Annotated[int | None, FromSetting("min_words")] = None`` validates like the
    field (``None`` stays "not given") and shows the field's help in Prefect's parameter schema.
    """

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        metadata = Settings.model_fields[self.name].metadata  # ge/le: Annotated[float | None, Ge(0), Le(1)]
        return handler(Annotated[(source, *metadata)] if metadata else source)

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema["description"] = help_text(self.name)
        return schema


def _sentences(error: ValidationError, settings_cls: type[Settings]) -> list[tuple[str, str]]:
    """pydantic's validation errors as newsclean's sentences: ``(field, sentence)``, in field order, unknown keys last.

    >>> try:
    ...     Settings(min_words=-1, jaccard_threshold="2", max_bytes="lots", colour=1)
    ... except BadSetting as exc:
    ...     for name, sentence in _sentences(exc.__cause__, Settings):
    ...         print(sentence)
    max_bytes: not a size: 'lots' (write e.g. 16 MB, 512 KB or a number of bytes)
    min_words must be at least 0, got -1
    jaccard_threshold must be between 0 and 1, got 2.0
    unknown setting(s): colour
    """
    out, unknown = [], []
    for detail in error.errors(include_url=False):
        name = str(detail["loc"][0]) if detail["loc"] else ""
        if name in settings_cls.model_fields:
            out.append((name, _sentence(name, detail, settings_cls)))
        else:  # extra_forbidden
            unknown.append(name)
    if unknown:
        out.append((unknown[0], f"unknown setting(s): {', '.join(sorted(unknown))}"))
    return out


def _sentence(name: str, detail: ErrorDetails, settings_cls: type[Settings]) -> str:
    """One pydantic error on field ``name`` as the sentence newsclean has always written."""
    kind, value = detail["type"], detail["input"]
    annotation = settings_cls.model_fields[name].annotation
    if kind == "value_error":
        return f"{name}: {detail.get('ctx', {}).get('error', detail['msg'])}"
    if kind.startswith("byte_size") and not isinstance(value, int):
        return f"{name}: not a size: {value!r} ({_SIZE_HINT})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than") or kind.startswith("byte_size"):
        low, high = bounds(name, settings_cls)
        if isinstance(value, str):  # "1.5" from a variable is the number 1.5
            value = TypeAdapter(annotation).validate_python(value)
        bound = f"at least {low:g}" if high is None else f"between {low:g} and {high:g}"
        return f"{name} must be {bound}, got {value!r}"
    return f"{name} must be {_KIND_NAMES.get(annotation, getattr(annotation, '__name__', 'valid'))}, got {value!r}"


@dataclass(frozen=True)
class Resolved:
    """Settings and, for every field, where its value came from.

    ``sources[field]`` is ``"command line"`` (a flag or flow parameter), the variable's
    name (``"NEWSCLEAN_MIN_WORDS"``), the TOML file's path, or ``"default"``.
    """

    settings: Settings
    sources: dict[str, str] = field(default_factory=dict)
    config_file: str | None = None
    warnings: list[str] = field(default_factory=list)


def resolve(cli: Mapping[str, Any] | None = None, *, env: Mapping[str, str] | None = None,
            config: str | os.PathLike[str] | None = None, cwd: str | os.PathLike[str] | None = None,
            settings_cls: type[Settings] = Settings) -> Resolved:
    """Settings from flags (``cli``; ``None`` values mean "not given"), environment, TOML file, defaults.

    ``env`` defaults to ``os.environ``; ``cwd`` (for ``./newsclean.toml``) to the current folder.
    Raises :class:`ValueError` naming the source and the problem: an unknown key in the
    TOML file, a value of the wrong type or out of range, a config file that is missing
    or not TOML.  An unknown ``NEWSCLEAN_*`` variable is a warning (in ``.warnings``).

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
    names = list(settings_cls.model_fields)
    given = {k: v for k, v in (cli or {}).items() if v is not None}  # a flag set to None was not given
    layers: list[tuple[str, dict[str, Any]]] = [("command line", given)]  # (where, values), highest first
    # One layer per variable, so that the source names it.  Not pydantic-settings' EnvSettingsSource: it reads
    # only os.environ (not the ``env`` given here) and matches names case-insensitively (0.1 read exact names).
    for name in names:
        variable = ENV_PREFIX + name.upper()
        if env.get(variable, "").strip():  # an empty variable is not set
            layers.append((variable, {name: env[variable]}))
    path = _config_path(config, env, cwd)
    if path is not None:
        layers.append((str(path), _read_toml(path, settings_cls)))

    values: dict[str, Any] = {}
    sources = {name: "default" for name in names}
    for where, layer in reversed(layers):  # lowest first, so that a higher layer overwrites
        for name, value in layer.items():
            values[name] = value
            sources[name] = where
    try:
        settings = settings_cls(**values)
    except BadSetting as exc:
        raise ValueError(f"{sources.get(exc.name, 'command line')}: {exc}") from exc
    # Other tools of the project may read NEWSCLEAN_* variables too: an unknown one is a warning, not an error.
    warnings = [f"{k} is not a setting (known: {', '.join(ENV_PREFIX + n.upper() for n in names)})"
                for k in sorted(env) if k.startswith(ENV_PREFIX) and k[len(ENV_PREFIX):].lower() not in names
                and k not in _OTHER_ENV]
    return Resolved(settings, sources, str(path) if path else None, warnings)


def settings_from_parameters(*, max_mb: float | None = None, env: Mapping[str, str] | None = None,
                             **parameters: Any) -> Resolved:
    """Settings for a flow run: its parameters (``None``: not given) over the environment, the TOML file, defaults.

    ``max_mb`` is the old name of ``max_bytes``, in MB (2**20 bytes): still accepted from an
    existing deployment, converted, with a deprecation note in ``.warnings`` (the flow logs them).

    >>> r = settings_from_parameters(min_words=3, max_mb=2, env={})
    >>> r.settings.max_bytes, r.sources["max_bytes"], r.warnings
    (2097152, 'command line', ['max_mb is deprecated, use max_bytes (max_mb=2 is max_bytes=2097152)'])
    >>> settings_from_parameters(max_mb=2, max_bytes="4 MB", env={})
    Traceback (most recent call last):
    ...
    ValueError: max_mb is the old name of max_bytes: give max_bytes only
    """
    notes = []
    if max_mb is not None:
        if parameters.get("max_bytes") is not None:
            raise ValueError("max_mb is the old name of max_bytes: give max_bytes only")
        parameters["max_bytes"] = int(max_mb * MiB)
        notes.append(f"max_mb is deprecated, use max_bytes (max_mb={max_mb:g} is max_bytes={parameters['max_bytes']})")
    resolved = resolve(parameters, env=env)
    return replace(resolved, warnings=notes + resolved.warnings)


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


def _read_toml(path: Path, settings_cls: type[Settings]) -> dict[str, Any]:
    """The settings in a TOML file (its ``[newsclean]`` table if it has one), read by pydantic-settings."""
    from pydantic_settings import TomlConfigSettingsSource  # only here: 0.145 s of CPU to import

    try:
        # The file's table as read (toml_data), not the source's call: that matches names to fields
        # case-insensitively for a model without pydantic-settings' case_sensitive option.
        data = dict(TomlConfigSettingsSource(settings_cls, toml_file=path).toml_data)  # type: ignore[arg-type]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read the config file {path}: {exc}") from exc
    if isinstance(data.get("newsclean"), dict):
        data = data["newsclean"]
    unknown = sorted(set(data) - set(settings_cls.model_fields))
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(settings_cls.model_fields))})")
    return data
