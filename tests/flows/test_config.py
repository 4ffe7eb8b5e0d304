"""One settings object: flags > NEWSCLEAN_* > newsclean.toml > defaults, shown by `newsclean config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners.settings import Settings, bounds, help_text, resolve, settings_from_parameters, unit
from flows.cli import app

from ..helpers import RAW_SAMPLES

runner = CliRunner()
SAMPLE = RAW_SAMPLES / "harbourgazette" / "ferry-fares-rise-skerry-isle.txt"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with no NEWSCLEAN_* variable set."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in __import__("os").environ if n.startswith("NEWSCLEAN_")]:
        monkeypatch.delenv(name)
    return tmp_path


def _config(*args: str) -> dict:
    result = runner.invoke(app, ["config", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_defaults_when_nothing_is_set(here: Path) -> None:
    shown = _config()
    assert shown["settings"]["min_words"] == Settings().min_words
    assert set(shown["sources"].values()) == {"default"} and shown["config_file"] is None


def test_each_layer_overrides_the_one_below(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "newsclean.toml").write_text('min_words = 25\njaccard_threshold = 0.6\nmax_bytes = "2 MB"\n'
                                         'clean_dir = "out"\n')
    monkeypatch.setenv("NEWSCLEAN_JACCARD_THRESHOLD", "0.7")
    shown = _config()
    values, sources = shown["settings"], shown["sources"]
    assert (values["min_words"], sources["min_words"]) == (25, str(Path("newsclean.toml")))
    assert (values["jaccard_threshold"], sources["jaccard_threshold"]) == (0.7, "NEWSCLEAN_JACCARD_THRESHOLD")
    assert values["max_bytes"] == 2 * 1024 * 1024 and values["clean_dir"] == "out"
    assert values["containment_threshold"] == Settings().containment_threshold
    flagged = resolve({"jaccard_threshold": 0.9, "min_words": None})  # a flag beats both; None = not given
    assert (flagged.settings.jaccard_threshold, flagged.sources["jaccard_threshold"]) == (0.9, "command line")
    assert flagged.settings.min_words == 25


def test_config_file_from_flag_or_variable_and_a_newsclean_table(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = here / "elsewhere.toml"
    conf.write_text("[newsclean]\nbatch_size = 7\n")
    assert _config("--config", str(conf))["settings"]["batch_size"] == 7
    monkeypatch.setenv("NEWSCLEAN_CONFIG", str(conf))
    assert _config()["config_file"] == str(conf)


def test_the_table_names_every_setting_and_its_source(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLEAN_MIN_WORDS", "40")
    result = runner.invoke(app, ["config"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if "min_words" in x)
    assert "40" in line and "NEWSCLEAN_MIN_WORDS" in line
    assert all(name in result.output for name in ("jaccard_threshold", "max_bytes", "batch_size", "clean_dir"))


def test_the_table_piped_gives_each_setting_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    result = runner.invoke(app, ["config"])  # the runner's output is not a terminal: a pipe
    assert result.exit_code == 0
    from cleaners.settings import Settings

    rows = [x for x in result.output.splitlines() if x.startswith("│ ") and not x.startswith("│  ")]
    assert [row.split("│")[1].strip() for row in rows] == list(Settings.model_fields)


@pytest.mark.parametrize(("setup", "message"), [
    ({"env": {"NEWSCLEAN_MIN_WORDS": "ten"}}, "NEWSCLEAN_MIN_WORDS: min_words must be a whole number, got 'ten'"),
    ({"env": {"NEWSCLEAN_JACCARD_THRESHOLD": "1.5"}},
     "NEWSCLEAN_JACCARD_THRESHOLD: jaccard_threshold must be between 0 and 1, got 1.5"),
    ({"toml": "min_wrds = 3\n"}, "unknown setting(s) min_wrds"),
    ({"toml": "MIN_WORDS = 3\n"}, "unknown setting(s) MIN_WORDS"),  # names are case-sensitive, as 0.1 read them
    ({"toml": "min_words = [\n"}, "cannot read the config file"),
    ({"toml": 'max_bytes = "huge"\n'}, "not a size: 'huge'"),
    ({"args": ["--config", "missing.toml"]}, "missing.toml"),
])
def test_bad_settings_stop_with_the_reason(here: Path, monkeypatch: pytest.MonkeyPatch, setup: dict,
                                           message: str) -> None:
    for name, value in setup.get("env", {}).items():
        monkeypatch.setenv(name, value)
    if "toml" in setup:
        (here / "newsclean.toml").write_text(setup["toml"])
    result = runner.invoke(app, ["config", *setup.get("args", [])])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_settings_object_refuses_values_out_of_range() -> None:
    with pytest.raises(ValueError, match="min_words must be at least 0, got -1"):
        Settings(min_words=-1)
    with pytest.raises(ValueError, match="containment_threshold must be between 0 and 1"):
        Settings().with_overrides(containment_threshold=3.0)


def test_folders_do_not_change_the_settings_key() -> None:
    assert Settings(raw_dir="a", clean_dir="b").key() == Settings().key()


def test_unknown_newsclean_variable_is_a_warning(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLEAN_MIN_WORD", "3")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0 and "NEWSCLEAN_MIN_WORD is not a setting" in " ".join(result.output.split())


def test_commands_use_the_settings(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`clean` with NEWSCLEAN_MIN_WORDS above the sample's length rejects it; a flag puts it back."""
    monkeypatch.setenv("NEWSCLEAN_MIN_WORDS", "5000")
    result = runner.invoke(app, ["clean", str(SAMPLE)])
    assert result.exit_code == 1 and "rejected" in result.output
    assert runner.invoke(app, ["clean", str(SAMPLE), "--min-words", "10"]).exit_code == 0


def test_run_reads_folders_from_the_config_file(here: Path) -> None:
    """`newsclean run` with no arguments uses raw_dir from newsclean.toml (checked before Prefect starts)."""
    (here / "newsclean.toml").write_text('raw_dir = "scrapes"\n')
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2 and "raw folder not found: scrapes" in result.output


def test_a_new_field_needs_no_other_change(here: Path) -> None:
    """A field another change adds to Settings (here a bool) is typed, validated and read from TOML and the
    environment, with its help and unit, and no table to edit."""
    from pydantic import Field

    class WithCache(Settings):
        use_cache: bool = Field(False, description="Reuse fetched pages", json_schema_extra={"unit": "switch"})

    (here / "newsclean.toml").write_text("use_cache = true\n")
    from_file = resolve(env={}, settings_cls=WithCache)
    assert from_file.settings.use_cache is True and from_file.sources["use_cache"] == "newsclean.toml"
    assert resolve(env={"NEWSCLEAN_USE_CACHE": "no"}, settings_cls=WithCache).settings.use_cache is False
    with pytest.raises(ValueError, match="NEWSCLEAN_USE_CACHE: use_cache must be true or false, got 'maybe'"):
        resolve(env={"NEWSCLEAN_USE_CACHE": "maybe"}, settings_cls=WithCache)
    assert help_text("use_cache", WithCache) == "Reuse fetched pages (default False)." and unit("use_cache", WithCache) == "switch"


def test_sizes_are_read_by_pydantic_with_mb_meaning_2_to_the_20(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """max_bytes takes a number or a size with a unit anywhere; MB is 2**20 bytes as in 0.1 and the manifest."""
    monkeypatch.setenv("NEWSCLEAN_MAX_BYTES", "512 KB")
    assert resolve().settings.max_bytes == 512 * 1024
    assert Settings(max_bytes="16 MB") == Settings(max_bytes="16 MiB") == Settings()
    assert Settings(max_bytes=1000).max_bytes == 1000
    with pytest.raises(ValueError, match="max_bytes must be at least 1, got 0"):
        Settings(max_bytes="0 MB")


def test_config_shows_sizes_in_binary_units(here: Path) -> None:
    (here / "newsclean.toml").write_text('max_bytes = "2.5 MB"\n')
    result = runner.invoke(app, ["config"], env={"COLUMNS": "200"})
    line = next(x for x in result.output.splitlines() if "max_bytes" in x)
    assert "2621440 (2.5 MiB)" in line and "bytes" in line


def test_cli_options_take_help_and_range_from_the_settings_fields(here: Path) -> None:
    """Each setting's flag is named after its field, with the field's help (and default) and the field's ge/le."""
    import typer.main

    command = typer.main.get_command(app).commands["run"]
    options = {p.opts[0]: p for p in command.params if p.opts[0].startswith("--")}
    for name in ("jaccard_threshold", "containment_threshold", "lsh_threshold", "min_words", "batch_size",
                 "max_bytes", "redis_url", "shingle_size", "num_perm"):
        flag = "--" + name.replace("_", "-")
        if name in ("shingle_size", "num_perm"):  # not flags: TOML or NEWSCLEAN_* only, as in 0.1
            assert flag not in options
            continue
        assert options[flag].help == help_text(name) and not options[flag].hidden
        low, high = bounds(name)
        step = 1 if isinstance(low, int) else 0.01
        edges = ([(low, True), (low - step, False)] if low is not None and name != "max_bytes" else []) + \
                ([(high, True), (high + step, False)] if high is not None else [])
        for edge, inside in edges:  # the flag refuses what the field refuses (before anything runs)
            result = runner.invoke(app, ["run", "nope", flag, str(edge)])
            assert ("raw folder not found" in result.output) is inside, (flag, edge, result.output)
    assert bounds("lsh_threshold") == (0.05, 1.0)


@pytest.mark.parametrize(("old", "value", "name", "expected"), [
    ("jaccard", 0.7, "jaccard_threshold", 0.7),
    ("containment", 0.9, "containment_threshold", 0.9),
    ("redis", "redis://localhost:6379/1", "redis_url", "redis://localhost:6379/1"),
    ("max_mb", 2.0, "max_bytes", 2 * 1024 * 1024),
])
def test_old_flag_names_set_the_same_setting_with_a_deprecation_warning(
        here: Path, capsys: pytest.CaptureFixture[str], old: str, value: object, name: str, expected: object) -> None:
    from flows.cli import _settings

    resolved = _settings(None, **{old: value})
    assert getattr(resolved.settings, name) == expected and resolved.sources[name] == "command line"
    flag, new = "--" + old.replace("_", "-"), "--" + name.replace("_", "-")
    assert capsys.readouterr().err.strip() == f"newsclean: warning: {flag} is deprecated, use {new}"


def test_old_flags_work_on_the_command_line_but_are_hidden_from_help(here: Path) -> None:
    import re

    helped = runner.invoke(app, ["run", "--help"]).output  # 80 columns: the new names fit
    assert not re.search(r"--(jaccard|containment|redis|max-mb)(?![-\w])", helped)
    assert all(f"--{name}-threshold " in helped for name in ("jaccard", "containment", "lsh"))
    result = runner.invoke(app, ["run", "nope", "--jaccard", "0.7"])
    assert result.exit_code == 2 and "raw folder not found: nope" in result.output
    assert "newsclean: warning: --jaccard is deprecated, use --jaccard-threshold\n" in result.stderr
    both = runner.invoke(app, ["run", "nope", "--jaccard", "0.7", "--jaccard-threshold", "0.8"])
    assert both.exit_code == 2 and "--jaccard is the old name of --jaccard-threshold" in both.output
    assert runner.invoke(app, ["run", "nope", "--jaccard", "1.5"]).exit_code == 2  # the field's range, old name too


def test_max_mb_and_max_bytes_reach_the_reader(here: Path) -> None:
    """`clean --max-mb` (deprecated, MB) and `--max-bytes` (any size) both cap the document: the sample is rejected."""
    old = runner.invoke(app, ["clean", str(SAMPLE), "--max-mb", "0.0001"])  # 104 bytes
    assert old.exit_code == 1 and "over the 104 bytes limit" in " ".join(old.output.split())
    assert "newsclean: warning: --max-mb is deprecated, use --max-bytes" in old.stderr
    new = runner.invoke(app, ["clean", str(SAMPLE), "--max-bytes", "100 bytes"])
    assert new.exit_code == 1 and "over the 100 bytes limit" in " ".join(new.output.split())
    assert "deprecated" not in new.stderr
    bad = runner.invoke(app, ["clean", str(SAMPLE), "--max-bytes", "lots"])
    assert bad.exit_code == 2 and "command line: max_bytes: not a size: 'lots'" in " ".join(bad.output.split())


def test_max_mb_flow_parameter_is_converted_with_a_deprecation_note() -> None:
    old = settings_from_parameters(max_mb=2, env={})
    assert old.settings.max_bytes == 2 * 1024 * 1024 and old.sources["max_bytes"] == "command line"
    assert old.warnings == ["max_mb is deprecated, use max_bytes (max_mb=2 is max_bytes=2097152)"]
    assert settings_from_parameters(max_bytes="2 MB", env={}).settings == old.settings
    assert settings_from_parameters(max_bytes="2 MB", env={}).warnings == []
    with pytest.raises(ValueError, match="max_mb is the old name of max_bytes"):
        settings_from_parameters(max_mb=2, max_bytes=100, env={})


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_a_deployment_with_max_mb_still_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             caplog: pytest.LogCaptureFixture) -> None:
    """A deployment saved with the old max_mb parameter passes validation, caps documents, and logs the rename."""
    from flows.clean_news import clean_news

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(SAMPLE.read_bytes())
    assert clean_news.validate_parameters({"max_mb": 0.0001})["max_mb"] == 0.0001
    summary = clean_news(raw_dir=str(raw), clean_dir=str(tmp_path / "clean"), max_mb=0.0001, report=False)
    assert summary["by_status"].get("rejected") == 1  # 3.5 KB, over the 104 bytes limit
    logged = capsys.readouterr().err + caplog.text  # the run logger's console handler, or pytest's capture of it
    assert "max_mb is deprecated, use max_bytes (max_mb=0.0001 is max_bytes=104)" in logged


def test_every_setting_is_a_flow_parameter_of_the_same_name() -> None:
    """`newsclean run` hands every setting to the flow by name (--config's values included), so each must be one."""
    import inspect

    from flows.clean_news import clean_news

    assert set(Settings.model_fields) <= set(inspect.signature(clean_news.fn).parameters)


def test_settings_are_frozen_hashable_and_picklable() -> None:
    """They travel to process-pool workers and key caches."""
    import pickle

    settings = Settings(min_words=3, max_bytes="1 MB")
    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings and hash(copy) == hash(settings) and copy.key() == settings.key()
    assert len({Settings(), Settings(batch_size=200)}) == 1
    with pytest.raises(ValueError):
        settings.min_words = 4  # type: ignore[misc]


def test_importing_settings_does_not_import_prefect() -> None:
    import subprocess
    import sys

    code = "import sys; from cleaners.settings import Settings; Settings(); print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(("settings", "key"), [
    ({}, "17d332908cb8060a"),
    ({"min_words": 3}, "1f568f7b7d3a64c5"),
    ({"jaccard_threshold": 0.7, "max_bytes": 2 * 1024 * 1024, "shingle_size": 4, "num_perm": 256,
      "lsh_threshold": 0.25, "containment_threshold": 0.9}, "b3705d363e89f42b"),
    ({"batch_size": 7, "redis_url": "redis://x", "raw_dir": "a", "clean_dir": "b"}, "17d332908cb8060a"),
])
def test_the_settings_key_is_the_one_newsclean_0_1_wrote(settings: dict, key: str, monkeypatch) -> None:
    """Recorded from newsclean 0.1 (PIPELINE_VERSION 2): the key is computed as it was, so only a
    pipeline version's change (3: real-input work) cleans a clean dir of 0.1 again, once."""
    import cleaners.settings

    assert Settings(**settings).key() != key  # version 3: 0.1's articles are cleaned again
    monkeypatch.setattr(cleaners.settings, "PIPELINE_VERSION", "2")
    assert Settings(**settings).key() == key
