"""One settings object: flags > NEWSCLEAN_* > newsclean.toml > defaults, shown by `newsclean config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners.settings import Settings, resolve
from flows.cli import app

from .conftest import RAW_SAMPLES

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


@pytest.mark.parametrize(("setup", "message"), [
    ({"env": {"NEWSCLEAN_MIN_WORDS": "ten"}}, "NEWSCLEAN_MIN_WORDS: min_words must be a whole number, got 'ten'"),
    ({"env": {"NEWSCLEAN_JACCARD_THRESHOLD": "1.5"}},
     "NEWSCLEAN_JACCARD_THRESHOLD: jaccard_threshold must be between 0 and 1, got 1.5"),
    ({"toml": "min_wrds = 3\n"}, "unknown setting(s) min_wrds"),
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


def test_a_new_field_needs_no_other_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field another change adds to Settings (here a bool) is typed, validated and read from the environment."""
    from cleaners import settings as mod

    monkeypatch.setitem(mod._TYPES, "use_cache", bool)
    assert mod._convert("use_cache", "yes", "NEWSCLEAN_USE_CACHE") is True
    with pytest.raises(ValueError, match="NEWSCLEAN_USE_CACHE: use_cache must be true or false, got 'maybe'"):
        mod._convert("use_cache", "maybe", "NEWSCLEAN_USE_CACHE")
    assert mod._problems({"use_cache": 3}) == ["use_cache must be true or false, got 3"]
    assert mod._TYPES["min_words"] is int and mod._TYPES["raw_dir"] is str  # taken from the defaults


@pytest.mark.parametrize(("settings", "key"), [
    ({}, "17d332908cb8060a"),
    ({"min_words": 3}, "1f568f7b7d3a64c5"),
    ({"jaccard_threshold": 0.7, "max_bytes": 2 * 1024 * 1024, "shingle_size": 4, "num_perm": 256,
      "lsh_threshold": 0.25, "containment_threshold": 0.9}, "b3705d363e89f42b"),
    ({"batch_size": 7, "redis_url": "redis://x", "raw_dir": "a", "clean_dir": "b"}, "17d332908cb8060a"),
])
def test_the_settings_key_is_the_one_newsclean_0_1_wrote(settings: dict, key: str) -> None:
    """Recorded from newsclean 0.1 (PIPELINE_VERSION 2): a clean dir it wrote is not reprocessed for the same settings."""
    assert Settings(**settings).key() == key
