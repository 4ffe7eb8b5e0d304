"""Article files and their digests: orjson writes them only where its bytes are json's (cleaners/io/publish.py)."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.io.publish import digest_of, fast_json, json_bytes

# JSON data as articles hold it, and the values where orjson and json write differently: tiny and huge
# floats, integers past 64 bits, non-string keys, control characters, U+2028, astral characters.
ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-05, 9.9e-05, 1.5e-09, 1e-10, 1e16, 1e22, 5e-324, -0.0, 0.0001]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
)
DATA = st.recursive(ATOMS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(max_size=5), inner, max_size=4),
    st.dictionaries(st.integers(), inner, max_size=2)), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(DATA)
def test_json_bytes_and_digest_are_the_bytes_json_writes(obj) -> None:
    assert json_bytes(obj) == (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    compact = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert digest_of(obj) == hashlib.sha256(compact).hexdigest()


def test_an_article_is_written_by_orjson_and_a_tiny_float_by_json() -> None:
    article = {"title": "Storm “closes” port", "text": "Line one.\n\nLine two\u2028.", "removed": [],
               "encoding": {"repairs": []}, "sources": [{"raw": "a.txt", "similarity": 0.8125}]}
    assert fast_json(article, indent=True) is not None  # the fast path is taken for an ordinary article
    assert fast_json({"similarity": 2.5e-05}, indent=True) is None  # json writes 2.5e-05, orjson 0.000025
    assert json_bytes({"similarity": 2.5e-05}) == b'{\n  "similarity": 2.5e-05\n}\n'


def test_a_lone_surrogate_fails_as_it_did_with_json() -> None:
    with pytest.raises(UnicodeEncodeError):  # json writes it, UTF-8 cannot hold it
        json_bytes({"text": "\ud800"})
