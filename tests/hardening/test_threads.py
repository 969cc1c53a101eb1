"""Property: every public entry point gives the same answer from 8 threads at once as from one
thread, over valid and invalid documents, MT and rulebook profiles (a bounded stress test)."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qenex_messages import (
    QenexError,
    check_mt,
    check_xml,
    mt103_to_pacs008,
    pacs008_to_mt103,
    parse_document,
    validate_bytes,
    validate_stream,
)
from qenex_messages.findings import Finding

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PACS = (EXAMPLES / "pacs.008.001.08-apphdr.xml").read_bytes()
PAIN = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
MT = (EXAMPLES / "mt103.fin").read_bytes()
T2 = (EXAMPLES / "pacs.008.001.08-t2.xml").read_bytes()
DOCUMENTS = {
    "pacs-valid": PACS,
    "pacs-bad-amount": PACS.replace(b">12500.00<", b">12x500.00<"),
    "pacs-bad-iban": PACS.replace(b"<IBAN>", b"<IBAN>XX", 1),
    "pacs-bad-bic": PACS.replace(b"<BICFI>", b"<BICFI>1", 1),
    "t2-valid": T2,
    "t2-closing-day": T2.replace(b">2026-03-02</IntrBkSttlmDt>", b">2026-12-25</IntrBkSttlmDt>"),
    "pain-valid": PAIN,
    "pain-bad-ctrlsum": PAIN.replace(b"<CtrlSum>", b"<CtrlSum>9", 1),
    "mt-valid": MT,
    "mt-bad-field": MT.replace(b":23B:CRED", b":23B:CRXD"),
}

Answer = tuple[tuple[str, str, str, str], ...]


def _answer(findings: list[Finding]) -> Answer:
    return tuple(sorted((f.code, str(f.severity), f.message, repr(f.location)) for f in findings))


def _guarded(call: Callable[[], list[Finding]]) -> Answer:
    try:
        return _answer(call())
    except QenexError as exc:
        return (("raised", type(exc).__name__, str(exc), ""),)


def _reports(data: bytes, profile: str | None) -> list[Finding]:
    return [f for r in validate_bytes(data, source="m", profile=profile) for f in r.findings]


def _translated(data: bytes) -> list[Finding]:
    if data.lstrip().startswith(b"<"):
        return list(pacs008_to_mt103(data).findings)
    return list(mt103_to_pacs008(data).findings)


ENTRIES: dict[str, Callable[[bytes], list[Finding]]] = {
    "check_xml": lambda d: check_xml(d, source="m").findings,
    "check_mt": lambda d: [f for r in check_mt(d, source="m") for f in r.findings],
    "validate_bytes": lambda d: _reports(d, None),
    "cbpr+": lambda d: _reports(d, "cbpr+"),
    "sepa": lambda d: _reports(d, "sepa"),
    "fedwire": lambda d: _reports(d, "fedwire"),
    "t2": lambda d: _reports(d, "t2"),
    "chaps": lambda d: _reports(d, "chaps"),
    "auto": lambda d: _reports(d, "auto"),
    "parse_document": lambda d: list(parse_document(d, source="m").findings),
    "translate": _translated,
    "validate_stream": lambda d: list(validate_stream(io.BytesIO(d), source="m")),
}


def test_eight_threads_answer_like_one() -> None:
    """Each (entry point, document) pair, 8 times over in shuffled order on 8 threads, gives
    exactly the single-threaded answer."""
    jobs = [(entry, name) for entry in ENTRIES for name in DOCUMENTS]
    expected = {job: _guarded(lambda job=job: ENTRIES[job[0]](DOCUMENTS[job[1]])) for job in jobs}
    assert len({expected[("check_xml", n)] for n in DOCUMENTS if n.startswith("pacs")}) == 4
    work = jobs * 12
    random.Random(12).shuffle(work)

    def run(job: tuple[str, str]) -> tuple[tuple[str, str], Answer]:
        return job, _guarded(lambda: ENTRIES[job[0]](DOCUMENTS[job[1]]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        wrong = [job for job, answer in pool.map(run, work) if answer != expected[job]]
    assert not wrong, f"{len(wrong)} of {len(work)} answers differ from one thread: {wrong[:5]}"
