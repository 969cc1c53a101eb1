"""The finding codes the MT layer reports: SWIFT's own (T, C, D, E, U) and our ``QX2xx``/``QX42x``.

SWIFT's codes keep SWIFT's meaning as far as the public sources state it (see
``docs/mt103-spec.md``); where SWIFT publishes no code for a check, the code is ours (``QX2xx``
for MT parsing and validation, ``QX42x`` for what rendering a model as MT103 loses).
"""

from __future__ import annotations

from qenex_messages.codes import CodeInfo, define
from qenex_messages.findings import Severity

E = Severity.ERROR
W = Severity.WARNING
I = Severity.INFO  # noqa: E741  (one letter like its siblings)

_NET = "mt-network"
_FMT = "mt-format"
_ENV = "mt-envelope"
_RND = "mt-render"


def _d(code: str, severity: Severity, title: str, family: str, *, fix: str) -> CodeInfo:
    return define(code, severity, title, family=family, fix=fix)


# SWIFT format (T-series) and field-level codes.
T08 = _d(
    "T08",
    E,
    "Code not in the list of codes allowed for the field (71A: BEN, OUR, SHA).",
    _FMT,
    fix="Use one of the listed codes (71A: BEN, OUR or SHA).",
)
T15 = _d(
    "T15",
    E,
    "Field 13C: the sign of the time offset must be '+' or '-'.",
    _FMT,
    fix="Write the 13C time offset with '+' or '-'.",
)
T16 = _d(
    "T16",
    E,
    "Field 13C: the time offset must be hours 00-13 and minutes 00-59.",
    _FMT,
    fix="Write the 13C offset as hours 00-13 and minutes 00-59.",
)
T26 = _d(
    "T26",
    E,
    "A reference must not start or end with '/' nor contain '//'.",
    _FMT,
    fix="Remove the leading or trailing '/' and any '//' from the reference.",
)
T27 = _d(
    "T27",
    E,
    "Identifier code is not a valid BIC (SWIFT cites T27, T28, T29 and T45 together).",
    _FMT,
    fix="Correct the BIC: 8 or 11 characters of a registered institution.",
)
T28 = _d(
    "T28",
    E,
    "Identifier code is not a valid BIC (cited with T27, T29, T45).",
    _FMT,
    fix="Correct the BIC: 8 or 11 characters of a registered institution.",
)
T29 = _d(
    "T29",
    E,
    "Identifier code is not a valid BIC (cited with T27, T28, T45).",
    _FMT,
    fix="Correct the BIC: 8 or 11 characters of a registered institution.",
)
T45 = _d(
    "T45",
    E,
    "Identifier code is not a valid BIC (cited with T27, T28, T29).",
    _FMT,
    fix="Correct the BIC: 8 or 11 characters of a registered institution.",
)
T36 = _d(
    "T36",
    E,
    "Field 23B: bank operation code is not CRED, CRTS, SPAY, SPRI or SSTD.",
    _FMT,
    fix="Set 23B to CRED, CRTS, SPAY, SPRI or SSTD.",
)
T38 = _d(
    "T38",
    E,
    "Invalid time: hours 00-23 and minutes 00-59 (HHMM).",
    _FMT,
    fix="Write the time as HHMM with hours 00-23 and minutes 00-59.",
)
T40 = _d(
    "T40",
    E,
    "Amount or rate: the integer part must have at least one digit.",
    _FMT,
    fix="Put at least one digit before the decimal comma (0,50 not ,50).",
)
T43 = _d(
    "T43",
    E,
    "Amount or rate: exactly one decimal comma and digits only.",
    _FMT,
    fix="Write the amount with digits and exactly one decimal comma (1234,56).",
)
T44 = _d(
    "T44",
    E,
    "MT103 STP field 72: /INS/ must be followed by a BIC and nothing else.",
    _FMT,
    fix="Follow /INS/ with a BIC only.",
)
T47 = _d(
    "T47",
    E,
    "Field 23E: instruction code not allowed (core, REMIT); STP 72: /INS/ more than once.",
    _FMT,
    fix="Use a 23E code this variant allows; in STP field 72 give /INS/ once.",
)
T48 = _d(
    "T48",
    E,
    "Field 23E: instruction code not allowed in MT103 STP.",
    _FMT,
    fix="Use a 23E code MT103 STP allows, or send a core MT103.",
)
T50 = _d(
    "T50",
    E,
    "Invalid date: not a real calendar date (or a birth date in the future).",
    _FMT,
    fix="Write a real calendar date as YYMMDD (a birth date not in the future).",
)
T52 = _d(
    "T52",
    E,
    "Currency code is not an ISO 4217 code.",
    _FMT,
    fix="Use an ISO 4217 currency code, e.g. EUR.",
)
T54 = _d(
    "T54",
    E,
    "Field 50F: the party identifier line is neither /account nor CODE/CC/id.",
    _FMT,
    fix="Start 50F with /account or with CODE/country/identifier.",
)
T55 = _d(
    "T55",
    E,
    "Field 50F: the identification code is not ARNU, CCPT, CUST, DRLC, ...",
    _FMT,
    fix="Use one of the 50F identification codes (ARNU, CCPT, CUST, DRLC, EMPL, NIDN, SOSE, TXID).",
)
T56 = _d(
    "T56",
    E,
    "Field 50F/59F: numbered lines are out of order or combined wrongly.",
    _FMT,
    fix="Number the 50F/59F lines 1 to 8 in order, with the combinations the standard allows.",
)
T73 = _d(
    "T73", E, "Country code is not an ISO 3166 country.", _FMT, fix="Use an ISO 3166 country code."
)
T81 = _d(
    "T81",
    E,
    "MT103 STP field 72: /REJT/ and /RETN/ are not allowed.",
    _FMT,
    fix="Remove /REJT/ and /RETN/ from field 72; send rejects and returns as core MT103.",
)
C03 = _d(
    "C03",
    E,
    "Amount has more decimals than the currency's ISO 4217 minor units.",
    _FMT,
    fix="Round the amount to the currency's number of decimals.",
)
D57 = _d(
    "D57",
    E,
    "Field 71G: receiver's charges must not be zero.",
    _FMT,
    fix="Remove 71G or give the receiver's charges a non-zero amount.",
)
D63 = _d(
    "D63",
    E,
    "Field 51A is only allowed in FileAct.",
    _NET,
    fix="Remove field 51A (it is for FileAct only).",
)
D67 = _d(
    "D67",
    E,
    "Field 23E: this combination of instruction codes is not allowed.",
    _FMT,
    fix="Remove one of the two 23E codes that may not be combined.",
)
D97 = _d(
    "D97",
    E,
    "Field 23E: additional information is not allowed with this code.",
    _FMT,
    fix="Remove the additional information after this 23E code.",
)
D98 = _d(
    "D98",
    E,
    "Field 23E: repeated codes must appear in the prescribed order.",
    _FMT,
    fix="Order the 23E codes as the standard prescribes (SDVA, INTC, REPA, CORT, ...).",
)
E46 = _d(
    "E46",
    E,
    "Field 23E: the same instruction code appears more than once.",
    _FMT,
    fix="Keep each 23E instruction code once.",
)

# Network validated rules C1-C18 (core numbering; STP and REMIT reuse the error codes).
D75 = _d(
    "D75",
    E,
    "C1: 36 is required exactly when 33B's currency differs from 32A's.",
    _NET,
    fix="Give 36 exactly when the 33B currency differs from 32A's.",
)
D49 = _d(
    "D49",
    E,
    "C2: 33B is mandatory when sender and receiver are in the EU/EEA list.",
    _NET,
    fix="Add 33B with the instructed amount (sender and receiver are both in the EU/EEA list).",
)
E01 = _d(
    "E01",
    E,
    "C3: with 23B SPRI, 23E may only be SDVA, TELB, PHOB or INTC.",
    _NET,
    fix="With 23B SPRI, use only SDVA, TELB, PHOB or INTC in 23E.",
)
E02 = _d(
    "E02",
    E,
    "C3: with 23B SSTD or SPAY, 23E is not allowed.",
    _NET,
    fix="With 23B SSTD or SPAY, remove 23E.",
)
E03 = _d(
    "E03",
    E,
    "C4: with 23B SPRI, SSTD or SPAY, 53a must not be option D.",
    _NET,
    fix="With 23B SPRI, SSTD or SPAY, use 53A or 53B instead of 53D.",
)
E04 = _d(
    "E04",
    E,
    "C5: with 23B SPRI, SSTD or SPAY, 53B needs its party identifier.",
    _NET,
    fix="Give 53B its party identifier (/account).",
)
E05 = _d(
    "E05",
    E,
    "C6: with 23B SPRI, SSTD or SPAY, 54a may only be option A.",
    _NET,
    fix="With 23B SPRI, SSTD or SPAY, write 54a with option A (a BIC).",
)
E06 = _d(
    "E06",
    E,
    "C7: when 55a is present, 53a and 54a must both be present.",
    _NET,
    fix="Add 53a and 54a when 55a is present.",
)
E07 = _d(
    "E07",
    E,
    "C8: with 23B SPRI, SSTD or SPAY, 55a may only be option A.",
    _NET,
    fix="With 23B SPRI, SSTD or SPAY, write 55a with option A (a BIC).",
)
C81 = _d(
    "C81",
    E,
    "C9: when 56a is present, 57a must be present.",
    _NET,
    fix="Add 57a when 56a is present.",
)
E16 = _d(
    "E16", E, "C10: with 23B SPRI, 56a is not allowed.", _NET, fix="With 23B SPRI, remove 56a."
)
E17 = _d(
    "E17",
    E,
    "C10: with 23B SSTD or SPAY, 56a is A or C, and 56C holds a clearing code.",
    _NET,
    fix="With 23B SSTD or SPAY, write 56a with option A, or C with a clearing code.",
)
E09 = _d(
    "E09",
    E,
    "C11: with 23B SPRI/SSTD/SPAY, 57a is A, C or D, 57D with party id.",
    _NET,
    fix="Write 57a with option A, C, or D with a party identifier.",
)
E10 = _d(
    "E10",
    E,
    "C12 (STP: format): the beneficiary account in 59a is mandatory.",
    _NET,
    fix="Give the beneficiary's account on the first line of 59a.",
)
E18 = _d(
    "E18",
    E,
    "C13: with 23E CHQB, 59a must not have an account.",
    _NET,
    fix="With 23E CHQB, remove the account from 59a.",
)
E13 = _d("E13", E, "C14: with 71A OUR, 71F is not allowed.", _NET, fix="With 71A OUR, remove 71F.")
D50 = _d("D50", E, "C14: with 71A SHA, 71G is not allowed.", _NET, fix="With 71A SHA, remove 71G.")
E15 = _d(
    "E15",
    E,
    "C14: with 71A BEN, at least one 71F is mandatory and 71G is not allowed.",
    _NET,
    fix="With 71A BEN, give at least one 71F and remove 71G.",
)
D51 = _d(
    "D51",
    E,
    "C15: when 71F or 71G is present, 33B is mandatory.",
    _NET,
    fix="Add 33B when 71F or 71G is present.",
)
E44 = _d(
    "E44",
    E,
    "C16: without 56a, 23E must not be TELI or PHOI.",
    _NET,
    fix="Without 56a, do not use TELI or PHOI in 23E.",
)
E45 = _d(
    "E45",
    E,
    "C17: without 57a, 23E must not be TELE or PHON.",
    _NET,
    fix="Without 57a, do not use TELE or PHON in 23E.",
)
C02 = _d(
    "C02",
    E,
    "C18: 71G must be in the currency of 32A.",
    _NET,
    fix="Give 71G in the currency of 32A.",
)
U13 = _d(
    "U13",
    E,
    "Block 3 field 121 (UETR) is mandatory in MT103 since SR 2018.",
    _NET,
    fix="Add block 3 field {121:} with a UUID v4 UETR.",
)

# Our own MT codes.
FORMAT = _d(
    "QX201",
    E,
    "Field content does not match the field's format.",
    _FMT,
    fix="Rewrite the content in the field's format (see the message for the part that differs).",
)
CHARSET = _d(
    "QX202",
    E,
    "Character outside the SWIFT X set (Z set in 77T).",
    _FMT,
    fix="Replace it with a SWIFT X character: letters, digits, / - ? : ( ) . , ' + space.",
)
LINES = _d(
    "QX203",
    E,
    "A field line is too long, or the field has too many lines.",
    _FMT,
    fix="Shorten the line or split the text over the field's allowed lines.",
)
MISSING = _d("QX204", E, "A mandatory field is missing.", _FMT, fix="Add the mandatory field.")
UNKNOWN_FIELD = _d(
    "QX205",
    E,
    "The field does not exist in this MT103 variant.",
    _FMT,
    fix="Remove the field, or choose the message variant (block 3 field 119) that allows it.",
)
ORDER = _d(
    "QX206",
    E,
    "The field is out of the order the message type prescribes.",
    _FMT,
    fix="Move the field before the one the message names.",
)
REPEATED = _d(
    "QX207",
    E,
    "The field appears more than once but may not repeat.",
    _FMT,
    fix="Keep one occurrence of the field; merge the content if needed.",
)
OPTION = _d(
    "QX208",
    E,
    "The field option letter is not allowed here.",
    _FMT,
    fix="Use one of the option letters the message names for this field.",
)
EMPTY_FIELD = _d(
    "QX209",
    E,
    "A field, or a line of it, is empty.",
    _FMT,
    fix="Remove the empty field or line, or fill it in.",
)
UNCLOSED = _d(
    "QX210",
    E,
    "A block is not closed, or a mandatory block is missing.",
    _ENV,
    fix="Close the block with '}', or add the missing block (1, 2 and 4 are mandatory).",
)
BLOCK_ORDER = _d(
    "QX211",
    E,
    "Blocks are out of order (1, 2, 3, 4, 5) or repeated.",
    _ENV,
    fix="Write the blocks once each, in the order 1, 2, 3, 4, 5.",
)
OUTSIDE = _d(
    "QX212",
    E,
    "Text outside the blocks of the message.",
    _ENV,
    fix="Remove the text between or around the blocks.",
)
BETWEEN = _d(
    "QX213",
    W,
    "White space between blocks (FIN allows none; accepted when reading).",
    _ENV,
    fix="Remove the white space between the blocks.",
)
BLOCK4_END = _d(
    "QX214",
    E,
    "Block 4 must end with a line break followed by '-}'.",
    _ENV,
    fix="End block 4 with a line break, then '-}'.",
)
BLOCK4_START = _d(
    "QX215",
    E,
    "Block 4 must start with a line break after '{4:'.",
    _ENV,
    fix="Start block 4 with a line break after '{4:' and put every field on its own line.",
)
LINE_BREAK = _d(
    "QX216",
    E,
    "A lone CR is not a line break; lines end in CRLF (or LF).",
    _ENV,
    fix="Convert the line endings to CR LF (or LF); remove stray CR characters.",
)
BLOCK1 = _d(
    "QX217",
    E,
    "Block 1 is not F01 + 12-character LT + 4-digit session + 6-digit ISN.",
    _ENV,
    fix="Write block 1 as F01, the 12-character LT, a 4-digit session and a 6-digit ISN.",
)
LT_X = _d(
    "QX218",
    W,
    "The sending LT has terminal code 'X' (FIN NAKs such input with H10; common in test data).",
    _ENV,
    fix="Use the sender's real logical terminal code (A, B or C) instead of X in block 1.",
)
BLOCK2 = _d(
    "QX219",
    E,
    "Block 2 is neither a valid input nor a valid output header.",
    _ENV,
    fix="Write block 2 as I103, the receiver's 12-character address and a priority.",
)
PRIORITY = _d(
    "QX220",
    E,
    "Block 2 delivery monitoring does not fit the priority.",
    _ENV,
    fix="Use delivery monitoring 1 or 3 with priority U, 2 with N (or none).",
)
BLOCK3_TAG = _d(
    "QX221",
    W,
    "Block 3 holds a tag that is not a known user-header tag.",
    _ENV,
    fix="Remove the unknown block 3 tag or correct its number.",
)
BLOCK3_VALUE = _d(
    "QX222",
    E,
    "A block 3 tag is malformed, repeated or out of order.",
    _ENV,
    fix="Write each block 3 tag once, well-formed, in the standard order.",
)
VALIDATION_FLAG = _d(
    "QX223",
    E,
    "Block 3 field 119 is not a validation flag of MT103.",
    _ENV,
    fix="Set block 3 field 119 to STP or REMIT, or remove it for a core MT103.",
)
TRAILER = _d(
    "QX224",
    E,
    "A block 5 trailer is malformed (CHK 12!h, MAC 8!h, PDE ...).",
    _ENV,
    fix="Let the sending system recompute the block 5 trailer; do not edit CHK or MAC by hand.",
)
UNSUPPORTED = _d(
    "QX225",
    E,
    "The message is not an MT103; only MT103 is validated.",
    _ENV,
    fix="Validate MT103 messages only; other MT types are not checked.",
)
TEXT_BEFORE_FIELD = _d(
    "QX226",
    E,
    "Block 4 text that belongs to no field.",
    _ENV,
    fix="Start the text with a field tag ':20:' or remove it.",
)
NARRATIVE = _d(
    "QX227",
    E,
    "Field 72: lines must be /code/ text or // continuations.",
    _FMT,
    fix="Write field 72 lines as /CODE/text, continued on lines starting with //.",
)
IBAN_CHECK = _d(
    "QX228",
    W,
    "An account that looks like an IBAN fails the IBAN checks.",
    _FMT,
    fix="Check the account: if it is an IBAN, correct it; if not, nothing to do.",
)
TOO_MANY = _d(
    "QX229",
    I,
    "More findings were found than are reported for one message.",
    _ENV,
    fix="Fix the reported findings first; the rest are often follow-ups of them.",
)
NAK = _d(
    "QX230",
    W,
    "The message is prefixed by a service-21 NAK (451:1), not an ACK.",
    _ENV,
    fix="The network refused the message: read the NAK reason code (451/405) and resend.",
)
UNKNOWN_BLOCK = _d(
    "QX231",
    E,
    "A block id other than 1, 2, 3, 4, 5 or S.",
    _ENV,
    fix="Remove the unknown block; MT blocks are 1, 2, 3, 4, 5 and S.",
)
REMIT = _d(
    "QX232",
    E,
    "MT103 REMIT: 77T is mandatory and 70 is not allowed.",
    _NET,
    fix="For MT103 REMIT, put the remittance in 77T and drop field 70.",
)
INTERNAL = _d(
    "QX234",
    E,
    "The MT reader met an unexpected condition (a bug): the message was not fully checked.",
    _ENV,
    fix="Report the message (without personal data) as a bug; it was not fully checked.",
)

# Rendering a model as MT103.
TRUNCATED = _d(
    "QX420",
    W,
    "A value was cut to fit an MT103 field; the end is marked '+'.",
    _RND,
    fix="Shorten the text at the source, or accept the cut.",
)
TRANSLITERATED = _d(
    "QX421",
    W,
    "Characters outside the X set were replaced (e.g. accented letters).",
    _RND,
    fix="Use only the SWIFT X characters at the source, or accept the replacement.",
)
DROPPED = _d(
    "QX422",
    W,
    "Model data with no place in MT103 was left out.",
    _RND,
    fix="Accept the loss or send an ISO 20022 message that can carry the data.",
)
EXTRA_TX = _d(
    "QX423",
    W,
    "MT103 carries one transaction; the others were left out.",
    _RND,
    fix="Send one MT103 per transaction.",
)
ADDRESS = _d(
    "QX424",
    W,
    "Structured address elements MT103 cannot hold were left out.",
    _RND,
    fix="Accept the loss or send ISO 20022, which keeps the structured address.",
)
NOT_RENDERABLE = _d(
    "QX425",
    E,
    "The model lacks data MT103 requires; a placeholder was written.",
    _RND,
    fix="Add the missing data to the model before rendering.",
)
LINE_BREAK_MOVED = _d(
    "QX426",
    W,
    "A line of narrative would start with '-' or ':'; it was broken one character earlier.",
    _RND,
    fix="Nothing to fix: the line was broken one character earlier.",
)

__all__ = [name for name, value in list(globals().items()) if isinstance(value, CodeInfo)]
