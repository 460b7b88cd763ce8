"""``petrarch-unit``: polevent's coding mechanics on PETRARCH's unit-test sentences.

The unit tests (petrarch2 ``PETR.UnitTest.records.xml``, flattened to JSONL) are coded against
toy dictionaries of fictional actors (Arnor = ARN, Gondor = GON, ...) and a toy verb dictionary
with made-up codes (``901``, ``174K``). To test our mechanics rather than our dictionaries, the
coder's actor index, agents and verb lexicon are replaced by those read from
``validation_dictionaries/`` next to the gold file; the spaCy model, event finder and actor
resolver are polevent's own. Codes the toy verbs use that CAMEO lacks get placeholder rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from polevent.coding.actors import build_agent_index
from polevent.coding.events import VerbLexicon
from polevent.coding.kb import ActorEntry, AgentEntry, build_actor_index, stored_word
from polevent.coding.ontology import CameoCode
from polevent.errors import InputError
from polevent.evaluate.base import EvalResult, Scorer
from polevent.evaluate.petrarch_format import code_records, evaluate, read_records
from polevent.evaluate.toy_dictionaries import (
    VerbDictionary,
    read_actor_lines,
    read_agent_lines,
    read_verb_lines,
)
from polevent.pipeline import Coder, build_coder

__all__ = [
    "DICTIONARY_DIR",
    "SCORER",
    "PetrarchDictionaries",
    "name_tokenizer",
    "read_dictionaries",
    "run",
    "toy_coder",
    "verb_lemmatizer",
]

NAME = "petrarch-unit"
DICTIONARY_DIR = "validation_dictionaries"
ACTORS_FILE = "PETR.Validate.actors.txt"
AGENTS_FILE = "PETR.Validate.agents.txt"
VERBS_FILE = "PETR.Validate.verbs.txt"
TARGET = 0.90
NOTES = (
    "coder: polevent's model, event finder and actor resolver with the actor, agent and verb "
    f"dictionaries replaced by {DICTIONARY_DIR}/ (PETR.Validate.*); the discards file is not used "
    "(polevent has no story or sentence discards)",
    "toy actors (the file gives no kinds): entries with dated codes are people, names that read "
    "as demonyms (-ian/-ese/-ish/-ch/-i, or extending the entry's name: ERIADORI) demonyms, bare "
    "three-letter codes countries (a country alone codes as XXXGOV, which the prefix rule "
    "accepts), the rest organisations; of a '/' code (THE_SHIRE [FRO/BIL/SAM]) polevent codes "
    "only the first",
    "toy verbs: keyed by the spaCy lemma of the written form (LEFT -> leave, ranked before LEAVE); "
    "every block pattern applies to every member; role markers (% $ + ^) and '_' adjacency are "
    "dropped; multi-word synset members become pattern variants",
    'gold actors written as text ("INJURY TOLL", ###, XYZGOV) cannot be reproduced by a coder '
    "that outputs codes; they stay in the denominator",
)


def name_tokenizer(nlp: Any) -> Callable[[str], tuple[str, ...]]:
    """Lower-case words of a dictionary name as ``nlp``'s tokenizer splits it in news casing
    (``BARAD-DUR`` -> ``barad - dur``; the possessive ``'s`` -> ``s``)."""
    tokenizer = nlp.tokenizer

    def tokenize(name: str) -> tuple[str, ...]:
        cased = " ".join(word[:1].upper() + word[1:].lower() for word in name.split())
        return tuple(stored_word(t.lower_) for t in tokenizer(cased) if not t.is_space)

    return tokenize


def verb_lemmatizer(nlp: Any) -> Callable[[str], str]:
    """The lemma ``nlp``'s rule lemmatizer gives a word tagged as a verb (``left`` -> ``leave``);
    a word that is itself a known verb lemma stays as it is (``express``, not ``expres``)."""
    from spacy.tokens import Doc

    lemmatizer = nlp.get_pipe("lemmatizer")
    known = frozenset(lemmatizer.lookups.get_table("lemma_index").get("verb", ()))

    def lemmatize(word: str) -> str:
        lower = word.lower()
        if lower in known:
            return lower
        doc = Doc(nlp.vocab, words=[lower])
        doc[0].pos_ = "VERB"
        lemmas: list[str] = lemmatizer.rule_lemmatize(doc[0])
        return lemmas[0].lower() if lemmas else lower

    return lemmatize


@dataclass(frozen=True, slots=True, kw_only=True)
class PetrarchDictionaries:
    """The actor, agent and verb dictionaries of one PETRARCH dictionary folder."""

    actors: tuple[ActorEntry, ...]
    agents: tuple[AgentEntry, ...]
    verbs: VerbDictionary
    notes: tuple[str, ...]


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError("E107", "PETRARCH dictionary file missing", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError("E103", str(e), path=str(path)) from e


def read_dictionaries(
    folder: Path,
    *,
    tokenize: Callable[[str], tuple[str, ...]] = lambda name: tuple(name.lower().split()),
    lemmatize: Callable[[str], str] = str.lower,
) -> PetrarchDictionaries:
    """Read ``PETR.Validate.{actors,agents,verbs}.txt`` of ``folder`` (E107 when one is missing;
    the discards file is not read)."""
    actors, actor_notes = read_actor_lines(
        _lines(folder / ACTORS_FILE), path=ACTORS_FILE, tokenize=tokenize
    )
    agents, agent_notes = read_agent_lines(
        _lines(folder / AGENTS_FILE), path=AGENTS_FILE, tokenize=tokenize
    )
    verbs = read_verb_lines(_lines(folder / VERBS_FILE), path=VERBS_FILE, lemmatize=lemmatize)
    notes = (*actor_notes, *agent_notes, *verbs.notes)
    return PetrarchDictionaries(actors=actors, agents=agents, verbs=verbs, notes=notes)


def _placeholder(code: str) -> CameoCode:
    return CameoCode(
        code=code,
        label=f"PETRARCH unit-test code {code} (not CAMEO)",
        root=code[:2],
        quad_class=0,
        goldstein=0.0,
        plover_type="STATEMENT",
        plover_mode=None,
        plover_context=(),
        plover_note="toy code from PETR.Validate.verbs.txt; no PLOVER mapping",
    )


def _with_toy_codes(
    cameo: Mapping[str, CameoCode], codes: frozenset[str]
) -> Mapping[str, CameoCode]:
    """``cameo`` plus placeholder rows for toy codes the pipeline could not look up."""
    extra = {c: _placeholder(c) for c in codes if c not in cameo and c[:3] not in cameo}
    return MappingProxyType({**cameo, **extra})


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in (ACTORS_FILE, AGENTS_FILE, VERBS_FILE):
        path = folder / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:12]


def toy_coder(coder: Coder, folder: Path) -> tuple[Coder, PetrarchDictionaries]:
    """``coder`` with its actor index, agents, verb lexicon (and CAMEO table, for the toy codes)
    replaced by the PETRARCH dictionaries in ``folder``."""
    dictionaries = read_dictionaries(
        folder, tokenize=name_tokenizer(coder.nlp), lemmatize=verb_lemmatizer(coder.nlp)
    )
    verbs = dictionaries.verbs
    toy = replace(
        coder,
        actors=build_actor_index(dictionaries.actors),
        agents=build_agent_index(dictionaries.agents),
        lexicon=VerbLexicon(verbs.verbs, verbs.patterns, verbs.blocking),
        cameo=_with_toy_codes(coder.cameo, verbs.codes),
        data_version=f"petrarch-unit {_digest(folder)}",
    )
    return toy, dictionaries


def run(gold: Path, *, coder: Coder | None = None, limit: int | None = None) -> EvalResult:
    """Code the unit-test records (the first ``limit`` when given) with the toy-dictionary coder
    and score them."""
    records = read_records(gold)[:limit]
    toy, dictionaries = toy_coder(coder or build_coder(), gold.parent / DICTIONARY_DIR)
    coded = code_records(records, toy, source=str(gold))
    skipped = f"dictionary rows skipped or approximated: {len(dictionaries.notes)}"
    return evaluate(
        records, coded, scorer=NAME, gold=str(gold), notes=(*NOTES, skipped), target=TARGET
    )


SCORER = Scorer(
    name=NAME,
    description="coding mechanics on PETRARCH's unit-test sentences, with its toy dictionaries",
    default_gold="petrarch-validation/petr_unittest_records.jsonl",
    run=run,
)
