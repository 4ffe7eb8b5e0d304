"""Read-only views of a clean dir: its documents (:mod:`.cleandir`), exports (:mod:`.export`) and
the report (:mod:`.report`).  They read through the store's read-only mode and never write the
state; they may import :mod:`cleaners.corpus.store` and :mod:`cleaners.io`, never the corpus steps.
"""
