"""The safety classifier's trainer (scripts/train_safety_model.py), one module per step.

settings: what is trained on and how; data: the labelled messages; corpus: features and
fits; thresholds: when the model speaks; report: figures; store: the weights and their
digest; history: replaying the fresh batches.
"""

import os
import sys
from pathlib import Path

# One thread: parallel sums come out in a different order each run, and the threshold
# sits where a single trap's probability decides it. One thread helps the weights repeat.
# (Set here, before any submodule imports numpy.)
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
