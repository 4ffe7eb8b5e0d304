"""Files in and out: reading every raw input shape (:mod:`.readers`, with :mod:`.formats` for scraper
records, :mod:`.warc`, :mod:`.feeds`, :mod:`.files` and :mod:`.walk`) and publishing outputs atomically
(:mod:`.publish`).  Imports only :mod:`cleaners.article` of ``cleaners``; knows no SQL and no article.
"""
