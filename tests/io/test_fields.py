"""The user's field mapping: one setting (``fields``) from ``--field``, ``[fields]`` in newsclean.toml or
``NEWSCLEAN_FIELDS``, tried before the scraper table; the settings key is unchanged without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners.settings import Settings, resolve
from flows.cli import app

STORY = ("The harbour board reopened the north quay on Monday after six weeks of repairs to the sea wall, "
         "and the first ferries docked there before noon, the board's chair said.")


def test_fields_come_from_a_toml_table_or_a_variable(tmp_path: Path) -> None:
    (tmp_path / "newsclean.toml").write_text('min_words = 5\n\n[fields]\n'
                                             'text = "article_body"\npublished = "pub_date"\n')
    resolved = resolve(cwd=tmp_path, env={})
    assert resolved.settings.fields == (("text", "article_body"), ("published", "pub_date"))
    assert resolved.sources["fields"].endswith("newsclean.toml")
    assert resolve(env={"NEWSCLEAN_FIELDS": "url=link_href"}, cwd=tmp_path).settings.fields == (("url", "link_href"),)


def test_a_bad_mapping_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="unknown field 'body'"):
        Settings(fields=["body=article_body"])
    with pytest.raises(ValueError, match="FIELD=KEY"):
        Settings(fields=["article_body"])


def test_no_mapping_keeps_the_settings_key_and_a_mapping_changes_it(monkeypatch) -> None:
    import cleaners.settings

    monkeypatch.setattr(cleaners.settings, "PIPELINE_VERSION", "2")
    assert Settings().key() == "17d332908cb8060a"  # the key before the setting existed (same clean dirs)
    monkeypatch.undo()
    assert Settings(fields=["text=article_body"]).key() != Settings().key()


def test_clean_reads_a_record_through_the_field_flags(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"article_body": STORY, "headline_text": "North quay reopens",
                                "pub_date": "2024-05-01"}))
    runner = CliRunner()
    refused = runner.invoke(app, ["clean", str(path)])
    assert refused.exit_code == 1 and "no-content" in refused.output
    result = runner.invoke(app, ["clean", str(path), "--json", "--field", "text=article_body",
                                 "--field", "title=headline_text", "--field", "published=pub_date"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert (article["text"], article["title"], article["published"]) == (STORY, "North quay reopens", "2024-05-01")
