"""Fully described cards for tests: unknown stays unknown, so a test that means "a plain
stranger" says every fact that would otherwise leave the answer open."""

from __future__ import annotations

from typing import Any

# Someone you have never met or dealt with, behind a real profile with a photo, nearby,
# selling nothing, at no special moment; you are not especially well connected.
PLAIN_STRANGER: dict[str, Any] = {
    "met_in_person": False, "prior_contact": "none", "legitimate": True, "pitch": "none",
    "timely_opportunity": False, "photo": True, "far_away": False, "you_well_connected": False,
    "open_networker": False,
}
# ...whose note, field and contacts give no basis, and whom you would not meet.
NO_BASIS: dict[str, Any] = {
    "note": "generic", "reason_makes_sense": False, "shared_ground": False,
    "can_work_together": False, "mutual_connections": 0, "trusted_mutuals": False,
    "worth_a_coffee": False,
}
# Someone you would invite, never met, nothing to sell, no earlier exchange.
PLAIN_TARGET: dict[str, Any] = {
    "met_in_person": False, "prior_contact": "none", "selling": False, "shared_ground": True,
}
# A connection whose messages are fine, who pitched nothing, and who answered.
PLAIN_CONNECTION: dict[str, Any] = {
    "pitched_after_connecting": False, "low_value_messages": False, "days_without_reply": 0,
}


def stranger(**facts: Any) -> dict[str, Any]:
    return {**PLAIN_STRANGER, **facts}


def card(kind: str, **facts: Any) -> dict[str, Any]:
    return {"id": "t", "kind": kind, "facts": facts}
