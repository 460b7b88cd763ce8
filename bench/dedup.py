"""Dedup throughput: assign N synthetic-but-realistic mentions; print mentions/s and peak RSS.

Usage: python bench/dedup.py [--mentions 100000] [--seed 7] [--meaning]

``--meaning`` adds evidence meaning (the offline MiniLM embedder, ``EvidenceVectors``): each
mention then carries its synthetic evidence as text (its words in order, "w17 w230 ..."), every
distinct sentence is embedded once in batches before assigning, and the embedding time is
printed apart from the assignment time. The synthetic words make the embeddings meaningless, so
only the speed numbers mean anything there (use a few thousand mentions: embedding is slow).

The generator (no data files needed) makes real-world *events* and then *mentions* of them:
- 60 countries with Zipf-like activity (a few dominate, as in news); each event has a source
  country, a target country (another country 85 %, none 15 %), a PLOVER type drawn from the
  coded Reuters/Wikinews distribution (STATEMENT 38 %, AGREE 17 %, CONSULT 9 %, ...), a day in
  one year, and 12 content words drawn Zipf-wise from a 6,000-word vocabulary.
- Each event gets 1 + Geometric(0.35) mentions (mean about 2.9; syndicated stories repeat many
  times), published 0-72 hours after the event; a mention's evidence keeps 7-11 of the event's
  words plus 3 random ones; its date is the event day (70 %), only the story date (20 %) or the
  event's month (10 %); 5 % of mentions of reciprocal types swap source and target.
Mentions are assigned in publication order (the order a store sees them). Besides speed it
prints the pairwise precision/recall/F1 against the generator's events, a sanity check of the
generator and clusterer together, not an accuracy claim (the real-article gold is
``polevent eval dedup``).
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from polevent.dedup import MEANING_SETTINGS, Clusterer, EvidenceVectors, Mention

TYPES = (
    ("STATEMENT", "010", 38),
    ("AGREE", "030", 17),
    ("CONSULT", "040", 9),
    ("REQUEST", "020", 6),
    ("ASSAULT", "190", 5),
    ("COOPERATE", "060", 4),
    ("SUPPORT", "050", 4),
    ("ACCUSE", "112", 4),
    ("REJECT", "120", 3),
    ("CONCEDE", "080", 3),
    ("COERCE", "170", 2),
    ("AID", "070", 2),
    ("THREATEN", "130", 2),
    ("SANCTION", "160", 1),
)
START = date(2025, 1, 1)


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (k + 1) for k in range(n)]


def generate(n_mentions: int, *, seed: int, text: bool = False) -> list[tuple[Mention, int]]:
    """``n_mentions`` mentions with the id of the generated event each one reports (with
    ``text``, each carries its evidence words as a sentence)."""
    rng = random.Random(seed)
    countries = [f"C{k:02d}" for k in range(60)]
    country_w = _zipf_weights(len(countries))
    vocab = [f"w{k}" for k in range(6000)]
    vocab_w = _zipf_weights(len(vocab))
    out: list[tuple[Mention, int]] = []
    event = 0
    while len(out) < n_mentions:
        event += 1
        src = rng.choices(countries, country_w)[0]
        tgt = rng.choices(countries, country_w)[0] if rng.random() < 0.85 else "-"
        plover, code, _ = rng.choices(TYPES, [t[2] for t in TYPES])[0]
        day = START + timedelta(days=rng.randrange(365))
        words = rng.choices(vocab, vocab_w, k=12)
        copies = 1
        while rng.random() > 0.35:
            copies += 1
        for _ in range(copies):
            made = _mention(rng, len(out), src, tgt, plover, code, day, words, vocab)
            out.append((made if text else replace(made, evidence=""), event))
    out = out[:n_mentions]
    out.sort(key=lambda pair: (pair[0].published_at or datetime.min, pair[0].event_id))
    return out


def _mention(
    rng: random.Random,
    n: int,
    src: str,
    tgt: str,
    plover: str,
    code: str,
    day: date,
    words: list[str],
    vocab: list[str],
) -> Mention:
    published = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.uniform(1, 72))
    if plover in ("CONSULT", "AGREE", "COOPERATE") and tgt != "-" and rng.random() < 0.05:
        src, tgt = tgt, src
    kind = rng.random()
    start: date | None = day
    end: date | None = day
    granularity, from_story = "day", False
    if kind >= 0.9:
        start, end, granularity = day.replace(day=1), day.replace(day=28), "month"
    elif kind >= 0.7:
        start = end = published.date()
        from_story = True
    chosen = rng.sample(words, rng.randint(7, 11)) + rng.sample(vocab, 3)
    return Mention(
        event_id=f"m{n:07d}",
        article_id=f"a{n // 3:07d}",
        sentence_index=n % 3,
        published_at=published,
        source_codes=(f"{src}GOV",),
        source_countries=(src,),
        target_codes=(f"{tgt}GOV",) if tgt != "-" else ("-",),
        target_countries=(tgt,),
        cameo_code=code,
        cameo_root=code[:2],
        plover_type=plover,
        date_start=start,
        date_end=end,
        date_granularity=granularity,
        date_from_story=from_story,
        tokens=frozenset(chosen),
        evidence=" ".join(chosen),
    )


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--meaning", action="store_true", help="add evidence meaning")
    args = parser.parse_args()
    t0 = time.perf_counter()
    stream = generate(args.mentions, seed=args.seed, text=args.meaning)
    t1 = time.perf_counter()
    clusterer, t_embed = Clusterer(), 0.0
    if args.meaning:
        from polevent.learn.embed import build_embedder

        vectors = EvidenceVectors(build_embedder(batch_size=32))
        clusterer = Clusterer(settings=MEANING_SETTINGS, vectors=vectors)
        t_embed = time.perf_counter()
        embedded = clusterer.embed(mention for mention, _ in stream)
        t_embed = time.perf_counter() - t_embed
        print(f"embedded        {embedded:>10,} sentences in {t_embed:.2f} s")
        print(f"embed/s         {embedded / t_embed:>10,.0f} sentences")
    t_assign = time.perf_counter()
    assigned = [clusterer.assign(mention).cluster_id for mention, _ in stream]
    t2 = time.perf_counter()
    truth = [event for _, event in stream]
    same_both = _pairs(Counter(zip(assigned, truth, strict=True)).values())
    predicted, gold = _pairs(Counter(assigned).values()), _pairs(Counter(truth).values())
    precision, recall = same_both / max(predicted, 1), same_both / max(gold, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mentions        {len(stream):>10,}")
    print(f"true events     {len(set(truth)):>10,}")
    print(f"clusters        {len(clusterer):>10,}")
    print(f"generate        {t1 - t0:>10.2f} s")
    print(f"assign          {t2 - t_assign:>10.2f} s")
    print(f"mentions/s      {len(stream) / (t2 - t_assign):>10,.0f} (assign only)")
    if args.meaning:
        both = t_embed + t2 - t_assign
        print(f"mentions/s      {len(stream) / both:>10,.0f} (embed + assign)")
    print(f"peak RSS        {rss_mb:>10,.0f} MB")
    print(f"pairwise P/R/F1 {precision:.3f} / {recall:.3f} / {f1:.3f} (vs generator events)")


if __name__ == "__main__":
    main()
