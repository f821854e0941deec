"""Near-duplicate evidence: how close a message is to the training side's flagged and
legitimate texts.

Spam and scams come in templated campaigns. The key that splits the data folds exact copies,
but a campaign's variants (another number, another name, a reworded opening) stay apart, so a
message can be evidence of a campaign the linear heads only half learnt. For each message the
index gives the largest cosine similarity to any flagged training text and to any legitimate
one, on the model's own hashed features with the columns present in more than MAX_DF of the
references left out (letters, spaces and common words say nothing about a campaign, and
leaving them out makes a look-up about twice as fast).

The references are the training texts themselves (stored in the model file as UTF-8, cut where
the hashers cut) and are hashed again when the index is first needed, so the file stays small
and the index is exactly the features the model scores with.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

MAX_DF = 0.05  # columns in more than this share of the references are left out of similarity
CHUNK = 500  # queries per sparse product (bounds the memory of one product)


class NeighbourIndex:
    """Largest similarity of each query to the flagged and to the legitimate references."""

    def __init__(self, references: sparse.csr_matrix, flags: npt.NDArray[np.bool_]) -> None:
        if references.shape[0] != len(flags):
            raise ValueError(f"{references.shape[0]} references but {len(flags)} flags")
        df = np.diff(sparse.csc_matrix(references > 0).indptr)
        self.kept = (df <= MAX_DF * max(len(flags), 1)).astype(np.float32)
        rows = self._unit(references)
        self.flagged = rows[flags].T.tocsr()  # (features, flagged references)
        self.legitimate = rows[~flags].T.tocsr()

    def similarities(self, queries: sparse.csr_matrix) -> npt.NDArray[np.float32]:
        """(n, 2): per query, the largest cosine to a flagged and to a legitimate reference
        (0 when a side has no reference or nothing in common)."""
        found = np.zeros((queries.shape[0], 2), dtype=np.float32)
        rows = self._unit(queries)
        for start in range(0, rows.shape[0], CHUNK):
            chunk = rows[start : start + CHUNK]
            for side, references in enumerate((self.flagged, self.legitimate)):
                if references.shape[1]:
                    found[start : start + CHUNK, side] = _row_max(chunk @ references)
        return found

    def _unit(self, rows: sparse.csr_matrix) -> sparse.csr_matrix:
        kept = sparse.csr_matrix(rows.multiply(self.kept[None, :]), dtype=np.float32)
        lengths = np.sqrt(np.asarray(kept.multiply(kept).sum(axis=1)).ravel())
        lengths[lengths == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / lengths) @ kept, dtype=np.float32)


def _row_max(products: sparse.csr_matrix) -> npt.NDArray[np.float32]:
    """Each row's largest stored value, 0 for an empty row (every product is >= 0); a third
    of the time of scipy's own max, which goes through COO."""
    best = np.zeros(products.shape[0], dtype=np.float32)
    filled = np.diff(products.indptr) > 0
    if filled.any():
        best[filled] = np.maximum.reduceat(products.data, products.indptr[:-1][filled])
    return best


def pack(texts: list[str]) -> npt.NDArray[np.uint8]:
    """The texts as one UTF-8 array, NUL-separated (a NUL inside a text is hashed as a space,
    so it becomes one)."""
    joined = "\x00".join(t.replace("\x00", " ") for t in texts)
    return np.frombuffer(joined.encode("utf-8"), dtype=np.uint8).copy()


def unpack(packed: npt.NDArray[np.uint8], count: int) -> list[str]:
    if count == 0:
        return []
    texts = packed.tobytes().decode("utf-8").split("\x00")
    if len(texts) != count:
        raise ValueError(f"model file holds {len(texts)} reference texts, its header {count}")
    return texts
