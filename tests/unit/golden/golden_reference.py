#!/usr/bin/python3
"""Independent reference values for the golden-set curation tests (tests/unit/golden/*.test.ts).

Run with Debian's interpreter (python3-sklearn, python3-statsmodels, python3-numpy):

    /usr/bin/python3 tests/unit/golden/golden_reference.py > tests/unit/golden/golden-expected.json

* stats: a reviewed fixture set; label/category counts, text-length quantiles (numpy 'linear'),
  exact duplicates of the normalised text (unicodedata NFKC), reviewer agreement with
  sklearn's cohen_kappa_score, statsmodels' fleiss_kappa, and Krippendorff's alpha computed from
  the coincidence matrix (Krippendorff 2011), not from the closed form the TS code uses.
* dedupe: a set of texts with planted near-duplicate waves; the clusters are the connected
  components of the exact Jaccard graph of 5-character shingle *strings* at >= 0.7, all pairs.
"""
import itertools
import json
import os
import random
import re
import unicodedata

import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

LABELS = ["spam", "not_spam"]


def normalize(text):
    if not all(ord(c) < 128 for c in text):
        text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    return re.sub(r"\s+", " ", text.lower()).strip()


# ------------------------------------------------------------------------------------- stats


def stats_fixture():
    rnd = random.Random(11)
    reviewers = ["ana", "ben", "cho", "dev"]
    words = ["win", "free", "prize", "click", "thanks", "recipe", "meeting", "crypto", "offer", "hello", "great", "link"]
    items = []
    for i in range(60):
        truth = "spam" if rnd.random() < 0.4 else "not_spam"
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 12)))
        if i in (7, 21):
            text = items[i - 5]["text"].upper() + "  "  # exact duplicate after normalising
        if i == 33:
            text = "ＷＩＮ\u200b ｆｒｅｅ"  # full-width + zero-width: NFKC makes it 'win free'
        if i == 34:
            text = "win free"
        item = {"id": f"s{i:02d}", "text": text, "label": truth}
        if i % 5 == 0:
            item["category"] = "scam" if truth == "spam" else None
        if i % 7 == 0:
            item["gray_area"] = True
            item["gray_reason"] = "policy unclear"
        # 0-4 reviewers, each right 80% of the time; some reviewers review twice (first counts)
        k = [0, 1, 2, 3, 3, 3, 4][i % 7]
        chosen = rnd.sample(reviewers, k)
        reviews = []
        for r in chosen:
            label = truth if rnd.random() < 0.8 else ("spam" if truth == "not_spam" else "not_spam")
            reviews.append({"reviewer": r, "label": label, **({"group": "sme"} if r == "dev" else {})})
        if i == 12 and reviews:
            first = reviews[0]
            reviews.append({"reviewer": first["reviewer"], "label": "spam" if first["label"] == "not_spam" else "not_spam"})
        if reviews:
            item["reviews"] = reviews
        item["slices"] = {"surface": rnd.choice(["comment", "pin", "profile"])}
        if i % 4 == 0:
            item["slices"]["locale"] = rnd.choice(["en", "de"])
        items.append({k: v for k, v in item.items() if v is not None})
    return {"items": items, "expected": expected_stats(items)}


def expected_stats(items):
    def first_labels(item):
        seen = {}
        for r in item.get("reviews", []):
            seen.setdefault(r["reviewer"], r["label"])
        return seen

    rows = []
    for item in items:
        labs = list(first_labels(item).values())
        rows.append([labs.count(l) for l in LABELS])
    rows = np.array(rows)
    m = rows.sum(axis=1)
    usable = m >= 2
    agree = (rows * (rows - 1)).sum(axis=1)
    pairs = m * (m - 1)
    mean_item = float(np.mean(agree[usable] / pairs[usable]))
    pooled = float(agree[usable].sum() / pairs[usable].sum())
    full = m.max()
    fleiss = float(fleiss_kappa(rows[m == full], method="fleiss"))

    # Krippendorff from the coincidence matrix: o_ck = sum_u (number of c-k pairs in u)/(m_u - 1)
    o = np.zeros((2, 2))
    for row in rows[usable]:
        mu = row.sum()
        for c in range(2):
            for k in range(2):
                pairs_ck = row[c] * (row[k] - (1 if c == k else 0))
                o[c, k] += pairs_ck / (mu - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d_o = (o[0, 1] + o[1, 0]) / n
    d_e = (n_c[0] * n_c[1] + n_c[1] * n_c[0]) / (n * (n - 1))
    alpha = float(1 - d_o / d_e)

    cohen = []
    labelled = [first_labels(item) for item in items]
    reviewers = sorted({r for labels in labelled for r in labels})
    for a, b in itertools.combinations(reviewers, 2):
        ya = [l[a] for l in labelled if a in l and b in l]
        yb = [l[b] for l in labelled if a in l and b in l]
        if not ya:
            continue
        cohen.append({"a": a, "b": b, "n": len(ya), "kappa": float(cohen_kappa_score(ya, yb, labels=LABELS)),
                      "agreement": float(np.mean(np.array(ya) == np.array(yb)))})

    lengths = np.array(sorted(len(item["text"]) for item in items), dtype=float)
    quantiles = {f"p{int(q * 100)}": float(np.quantile(lengths, q)) for q in (0.1, 0.5, 0.9, 0.99)}
    distinct = len({normalize(item["text"]) for item in items})

    # gray status per METHODS 6.6: flag, or >= 2 reviews with top share < 0.75, or a tie
    status = {"gray": 0, "clear": 0, "unreviewed": 0}
    for item, row in zip(items, rows):
        mm = row.sum()
        split = mm >= 2 and (row.max() / mm < 0.75 or (row == row.max()).sum() > 1)
        if item.get("gray_area") or split:
            status["gray"] += 1
        elif mm < 2:
            status["unreviewed"] += 1
        else:
            status["clear"] += 1

    return {
        "labels": {l: sum(1 for i in items if i["label"] == l) for l in LABELS},
        "categories": {"scam": sum(1 for i in items if i.get("category") == "scam")},
        "flagged": sum(1 for i in items if i.get("gray_area")),
        "status": status,
        "textLength": {"min": float(lengths.min()), "max": float(lengths.max()), "mean": float(lengths.mean()), **quantiles},
        "distinctTexts": distinct,
        "exactDuplicates": len(items) - distinct,
        "percentAgreement": {"meanItem": mean_item, "pooledPairwise": pooled, "items": int(usable.sum())},
        "fleiss": {"kappa": fleiss, "items": int((m == full).sum()), "ratersPerItem": int(full)},
        "krippendorff": {"alpha": alpha, "units": int(usable.sum())},
        "cohenPairs": cohen,
    }


# ------------------------------------------------------------------------------------ dedupe


def shingles(text, k=5):
    t = normalize(text)
    if not t:
        return set()
    if len(t) < k:
        return {t}
    return {t[i:i + k] for i in range(len(t) - k + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def dedupe_fixture():
    rnd = random.Random(5)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 9))) for _ in range(400)]
    texts = []
    for _ in range(25):  # waves: a template and edited copies
        template = [rnd.choice(vocab) for _ in range(rnd.randint(12, 30))]
        for _ in range(rnd.randint(2, 8)):
            words = list(template)
            for _ in range(rnd.choice([0, 1, 1, 2, 3, 6])):
                words[rnd.randrange(len(words))] = rnd.choice(vocab)
            text = " ".join(words)
            if rnd.random() < 0.2:
                text = text.upper() + " "
            texts.append(text)
    for _ in range(150):  # unrelated texts
        texts.append(" ".join(rnd.choice(vocab) for _ in range(rnd.randint(3, 25))))
    texts += ["", "", "short", "SHORT "]
    rnd.shuffle(texts)
    sets = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pair_j = []
    for i, j in itertools.combinations(range(len(texts)), 2):
        jac = jaccard(sets[i], sets[j])
        if jac >= 0.7:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
        if 0.2 <= jac < 1.0 and len(pair_j) < 400 and rnd.random() < 0.5:
            pair_j.append([i, j, jac])
    groups = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    clusters = sorted([g for g in groups.values() if len(g) > 1])
    exact = len(texts) - len({normalize(t) for t in texts})
    return {"texts": texts, "threshold": 0.7, "shingle": 5, "clusters": clusters,
            "exactDuplicates": exact, "pairs": pair_j}


def curation_fixture():
    """The e2e fixture set, so the CLI's `golden stats --format json` is checked end to end."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "..", "fixtures", "golden-curation", "golden-sets", "reviews", "1.0.0", "items.jsonl")
    with open(path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    return expected_stats(items)


def main():
    print(json.dumps({"generatedBy": "tests/unit/golden/golden_reference.py",
                      "stats": stats_fixture(), "dedupe": dedupe_fixture(),
                      "curationFixture": curation_fixture()}, indent=1))


if __name__ == "__main__":
    main()
