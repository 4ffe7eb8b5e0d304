"""Files in and out: reading every raw input shape (:mod:`.readers`) and publishing outputs
atomically (:mod:`.publish`).  Imports nothing else of ``cleaners``; knows no SQL and no article.
"""
