"""The Instagram user's driver method of the worked example (the user follows the business):
after it, Meta's profile read of that user answers ``is_user_follow_business: true`` [IGPROF]."""

from __future__ import annotations

from fixtures.stack import start_stack
from steps.drivers.instagram import ApiInstagramUser


def test_the_api_driver_follows_the_business_as_the_profile_read_then_says() -> None:
    with start_stack("in-process", seed=5) as stack:
        user = stack.control.create_user(role="tester")
        instagram = ApiInstagramUser(stack.sim, dict(user))
        instagram.send_message("hello")  # the consent Meta's profile read needs

        def follows() -> bool:
            answer = stack.sim.get(
                f"/graph/{stack.graph_version}/{user['igsid']}",
                params={"fields": "is_user_follow_business"},
                headers={"Authorization": f"Bearer {stack.business['access_token']}"},
            )
            return bool(answer.raise_for_status().json()["is_user_follow_business"])

        assert not follows()
        instagram.follow_business()
        assert follows()
