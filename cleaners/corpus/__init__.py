"""The corpus layer: a folder of raw files through the per-document cleaners into a clean dir.

Owns the run's state (:mod:`.store`, the only module of ``cleaners`` that speaks SQL), the plan
of what to clean, the corpus steps (clean batches, site templates, near-duplicates, write) and
:func:`~cleaners.corpus.run.run_pipeline`, which runs them without Prefect.  May import every other
package of ``cleaners``; nothing outside ``corpus`` and ``views`` imports it.
"""
