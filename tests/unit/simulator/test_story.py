"""`Simulator.story`: looking up a posted story (architecture.md 1.4, an addition)."""

from __future__ import annotations

import pytest

from simulator.config import SimulatorConfig
from simulator.service import Simulator

pytestmark = pytest.mark.simulator_only


def test_story_returns_the_posted_story_and_raises_key_error_otherwise() -> None:
    sim = Simulator(SimulatorConfig(seed=5))
    user = sim.create_user(username="ana_b")
    posted = sim.post_story(user, "Hello @company_page", background="ocean")
    story = sim.story(posted.id)
    assert story is posted
    assert (story.owner_igsid, story.text, story.background) == (user.igsid, posted.text, "ocean")
    assert story.mentions == ["company_page"] and story.mention_mid
    with pytest.raises(KeyError):
        sim.story("18000000000000000")
    sim.reset()
    with pytest.raises(KeyError):
        sim.story(posted.id)
