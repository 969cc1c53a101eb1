"""propose_address: a structured or hybrid address when it can be found without guessing, else
None with the reason; it never raises."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.rules import propose_address


def test_german_lines_become_structured() -> None:
    """Street with number, post code and town, country name: all structured."""
    p = propose_address(["Hauptstrasse 12", "60311 Frankfurt am Main", "Germany"])
    assert p.address is not None
    assert (p.address.street_name, p.address.building_number) == ("Hauptstrasse", "12")
    assert (p.address.post_code, p.address.town_name, p.address.country) == (
        "60311",
        "Frankfurt am Main",
        "DE",
    )
    assert p.confidence == 0.9


def test_hint_gives_the_country() -> None:
    """Without a country line the hint names the country, with a lower confidence than a line."""
    p = propose_address(["Hauptstrasse 12", "60311 Frankfurt am Main"], country_hint="de")
    assert p.address is not None and p.address.country == "DE"
    assert "country from the hint" in p.reason


def test_refusals_say_why() -> None:
    """Conflicting country, no town line, too many left-over lines, nothing given."""
    conflict = propose_address(["60311 Frankfurt", "Germany"], country_hint="FR")
    assert conflict.address is None and "hint says FR" in conflict.reason
    no_town = propose_address(["Somewhere", "Nowhere"])
    assert no_town.address is None and "no line has a recognisable post code" in no_town.reason
    crowded = propose_address(
        ["c/o A", "Building B", "Rear entrance", "60311 Frankfurt", "Germany"]
    )
    assert crowded.address is None and crowded.unused == ("c/o A", "Building B", "Rear entrance")
    assert propose_address([]).reason == "no address lines were given"


@given(st.lists(st.text(max_size=40), max_size=6), st.none() | st.text(max_size=3))
def test_never_raises(lines: list[str], hint: str | None) -> None:
    """Any input gives a proposal: an address with town and country, or a reason."""
    p = propose_address(lines, country_hint=hint)
    if p.address is None:
        assert p.reason and p.confidence == 0.0
    else:
        assert p.address.town_name and p.address.country
