"""Reading MT is lenient: a value that fails its check is kept, with a finding at its field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qenex_messages.model import Agent
from qenex_messages.mt import parse_mt103

BASE = (
    "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:9bfd29ee-d028-43bf-8e26-ce33331b9079}}"
    "{4:\r\n:20:REF1\r\n:23B:CRED\r\n:32A:260302EUR100,\r\n:50K:/BE71096123456769\r\nJOHN DOE\r\n"
    ":52A:BANKXXBB\r\n:59:/DE89370400440532013000\r\nJANE DOE\r\n:71A:SHA\r\n-}"
)


def test_a_bic_of_no_country_is_kept_with_its_finding() -> None:
    outcome = parse_mt103(BASE).to_model()
    agent = outcome.value.transactions[0].debtor_agent
    assert agent is not None
    assert agent.bic == "BANKXXBB"
    (note,) = [f for f in outcome.findings if f.args.get("value") == "BANKXXBB"]
    assert note.location.field == "52A"
    with pytest.raises(ValidationError):
        Agent(bic="BANKXXBB")


def test_an_unclosed_trailer_leaves_the_fields_readable() -> None:
    """Fields that can be cut apart give a model, whatever is wrong around them."""
    message = parse_mt103(BASE + "{5:{CHK:3916EF336FF7}")
    assert message.field("20") is not None
    assert message.to_model().value.transactions[0].instruction_id == "REF1"
