"""Learned models on top of the pattern coder: sentence embeddings and a quad-class classifier.

Nothing here is imported by the coding pipeline; ``polevent.evaluate.conflibert`` and the
``train`` command use it. Models come from installed packages, never from a model hub.
"""

from __future__ import annotations
