"""Finding codes of the ISO 20022 layer (``QX3xx``), registered with :func:`define` at import."""

from __future__ import annotations

from qenex_messages.codes import Judges, define
from qenex_messages.findings import Severity

_F = "iso20022"
_E = Severity.ERROR
_W = Severity.WARNING
_I = Severity.INFO

# XML safety and well-formedness
XML_MALFORMED = define(
    "QX301",
    _E,
    "The input is not well-formed XML.",
    family=_F,
    fix="Fix the XML at the line and column given (an end tag, an unescaped '&' or '<').",
)
XML_DTD_REFUSED = define(
    "QX302",
    _E,
    "The document has a DOCTYPE declaring entities, referring to parameter entities or naming "
    "an external DTD; it is refused unparsed.",
    family=_F,
    fix="Remove the DOCTYPE; ISO 20022 messages have none.",
)
XML_TOO_DEEP = define(
    "QX303",
    _E,
    "The XML nesting is deeper than the safety limit allows.",
    family=_F,
    fix="Check the file: real messages are never nested this deep.",
)
XML_DOCTYPE_IGNORED = define(
    "QX304",
    _W,
    "The document has a DOCTYPE without entities; it was ignored.",
    family=_F,
    fix="Remove the DOCTYPE; ISO 20022 messages have none.",
)

# Detection
NO_DOCUMENT = define(
    "QX310",
    _E,
    "No ISO 20022 Document element was found in the XML.",
    family=_F,
    fix="Wrap the message in a Document element in its ISO 20022 namespace.",
)
NO_NAMESPACE = define(
    "QX311",
    _E,
    "The Document element has no ISO 20022 namespace.",
    family=_F,
    fix="Add the ISO 20022 namespace to Document (the finding gives one).",
)
UNKNOWN_NAMESPACE = define(
    "QX312",
    _E,
    "The Document namespace is not an ISO 20022 message namespace (a typo or a national variant).",
    family=_F,
    fix="Correct the namespace to an ISO 20022 one (the finding suggests the closest).",
)
UNSUPPORTED_MESSAGE = define(
    "QX313",
    _E,
    "The message type or version is not one qenex-messages validates (see SUPPORTED).",
    family=_F,
    fix="Send a supported message type and version (pacs.008, pain.001; see docs/cli.md).",
)
ROOT_MISMATCH = define(
    "QX314",
    _E,
    "The message element inside Document does not belong to the namespace's message type.",
    family=_F,
    fix="Use the message element of the namespace's message type (pacs.008: FIToFICstmrCdtTrf).",
)
HEADER_ONLY = define(
    "QX315",
    _I,
    "The XML holds a Business Application Header and no Document.",
    family=_F,
    fix="Add the Document after the AppHdr.",
)
NOT_ISO_XML = define(
    "QX319",
    _I,
    "The XML is no ISO 20022 message (a build file, an image); the pre-commit hook skipped it.",
    family=_F,
    fix="Nothing to do; narrow the hook's `files` pattern to stop the line.",
)
SECOND_ELEMENT = define(
    "QX318",
    _E,
    "The XML holds a second Document (or AppHdr); one message is one AppHdr and one Document.",
    family=_F,
    fix="Send each message in its own file or envelope; only the first Document was read.",
)
HEADER_MISMATCH = define(
    "QX316",
    _W,
    "The AppHdr MsgDefIdr does not name the message definition of the Document it wraps.",
    family=_F,
    fix="Set AppHdr MsgDefIdr to the Document's message definition, e.g. pacs.008.001.08.",
)
HEADER_UNVERIFIED = define(
    "QX317",
    _W,
    "The AppHdr is a version with no XSD in the catalog, or not a Business Application Header "
    "qenex-messages knows: the Document is checked, the header is not verified.",
    family=_F,
    fix="Install the header's XSD, or send the Document under a head.001.001.02 or .04 AppHdr.",
)

# Schemas and XSD validation
SCHEMA_MISSING = define(
    "QX320",
    _E,
    "The XSD for this message version is not installed (run `qenex-messages schemas install`).",
    family=_F,
    fix="Run `qenex-messages schemas install`.",
)
SCHEMA_UNUSABLE = define(
    "QX321",
    _E,
    "A user-given XSD cannot be read or compiled.",
    family=_F,
    fix="Check the XSD path and that the file is a complete, valid XML schema.",
)
XSD_MISSING_ELEMENT = define(
    "QX322",
    _E,
    "XSD: a mandatory element is missing.",
    family=_F,
    fix="Add the missing element at the place the message names.",
)
XSD_UNEXPECTED_ELEMENT = define(
    "QX323",
    _E,
    "XSD: an element is not allowed here (wrong name, order or count).",
    family=_F,
    fix="Move or remove the element as the message says (order, count or name).",
)
XSD_LENGTH = define(
    "QX324",
    _E,
    "XSD: a value is longer or shorter than its type allows.",
    family=_F,
    fix="Shorten or lengthen the value to the allowed length.",
    judges=Judges.FACET,
)
XSD_PATTERN = define(
    "QX325",
    _E,
    "XSD: a value does not match the pattern of its type.",
    family=_F,
    fix="Rewrite the value in the shape the pattern gives.",
    judges=Judges.FACET,
)
XSD_ENUMERATION = define(
    "QX326",
    _E,
    "XSD: a code is not one of the values its type lists.",
    family=_F,
    fix="Use one of the listed codes.",
    judges=Judges.FACET,
)
XSD_VALUE = define(
    "QX327",
    _E,
    "XSD: a value is not valid for its type (date, number, digits, boolean).",
    family=_F,
    fix="Write the value in its type's format (dates YYYY-MM-DD, decimal amounts with '.').",
    judges=Judges.FACET,
)
XSD_OTHER = define(
    "QX328",
    _E,
    "XSD: any other schema violation.",
    family=_F,
    fix="Correct the element as the message says.",
)
XSD_ATTRIBUTE = define(
    "QX329",
    _E,
    "XSD: an attribute is missing, unknown or invalid.",
    family=_F,
    fix="Add, correct or remove the attribute as the message says.",
    judges=Judges.FACET,
)
FOREIGN_WHITESPACE = define(
    "QX330",
    _E,
    "Text between elements uses a character XML does not count as white space (such as U+00A0).",
    family=_F,
    fix="Replace the character with plain spaces (U+0020); check the editor's settings.",
)

# Checks beyond the XSD
COUNT_MISMATCH = define(
    "QX340",
    _E,
    "NbOfTxs does not equal the number of transactions it counts.",
    family=_F,
    fix="Set NbOfTxs to the number of transactions, or add the missing ones.",
)
SUM_MISMATCH = define(
    "QX341",
    _E,
    "CtrlSum does not equal the sum of the amounts it covers.",
    family=_F,
    fix="Set CtrlSum to the sum of the amounts, or correct the amount that is wrong.",
)
DUPLICATE_ID = define(
    "QX342",
    _E,
    "An identifier that must be unique in the message is repeated.",
    family=_F,
    fix="Give each transaction its own identifier.",
    judges=Judges.CHECK,
)
BAD_DATE = define(
    "QX343",
    _E,
    "A date or date-time does not exist in the calendar.",
    family=_F,
    fix="Use a date that exists (no 30 February).",
    judges=Judges.CHECK,
)
TOTAL_MISMATCH = define(
    "QX344",
    _E,
    "TtlIntrBkSttlmAmt does not equal the sum of the interbank settlement amounts.",
    family=_F,
    fix="Set TtlIntrBkSttlmAmt to the sum of the IntrBkSttlmAmt.",
)
MIXED_CURRENCY_TOTAL = define(
    "QX345",
    _W,
    "CtrlSum adds amounts in different currencies, so it cannot be checked.",
    family=_F,
    fix="Leave CtrlSum out, or send one currency per message.",
)

# Mapping between XML and the model
KEPT_AS_SUPPLEMENTARY = define(
    "QX350",
    _I,
    "An element the model has no field for was kept verbatim as SupplementaryData.",
    family=_F,
    fix="Nothing to fix: the element is kept; check the target system reads SupplementaryData.",
)
PRECISION_CUT = define(
    "QX352",
    _W,
    "A time has more than 6 digits of fractional seconds; the model keeps microseconds.",
    family=_F,
    fix="Nothing to fix to read it; a message written from the model has microseconds only.",
)
UNMAPPABLE = define(
    "QX351",
    _E,
    "The document cannot be mapped to the credit-transfer model.",
    family=_F,
    fix="Fix the errors reported for the document first.",
)

# Rendering losses
RENDER_DROPPED = define(
    "QX380",
    _W,
    "A model field has no place in the target version and was left out of the rendered XML.",
    family=_F,
    fix="Choose a target version that has the element, or accept the loss.",
)
RENDER_TRUNCATED = define(
    "QX381",
    _W,
    "A value was truncated to the length the target version allows.",
    family=_F,
    fix="Shorten the value at the source, or accept the cut.",
)
RENDER_INVALID_VALUE = define(
    "QX382",
    _W,
    "A value does not fit the target element's type (pattern, code list) and was left out.",
    family=_F,
    fix="Correct the value at the source so it fits the target's type.",
)
RENDER_REQUIRED_MISSING = define(
    "QX383",
    _E,
    "The model lacks data the target version requires; the rendered XML is not schema-valid.",
    family=_F,
    fix="Add the missing data to the model before rendering.",
)
RENDER_XSD_FAILED = define(
    "QX384",
    _E,
    "The rendered XML fails the XSD (a bug in qenex-messages: please report).",
    family=_F,
    fix="Report the input as a bug (without personal data).",
)
RENDER_REPLACED = define(
    "QX385",
    _W,
    "A model value was replaced to keep the rendered message consistent (e.g. AppHdr MsgDefIdr).",
    family=_F,
    fix="Nothing to fix unless the replaced value was meant; then correct it at the source.",
)
