"""Direct mode's bodies are what Meta would send: the contract's shapes, signed with the
app secret over the exact bytes."""

from __future__ import annotations

from load.bodies import DirectUser
from simulator.contract.signing import verify
from simulator.contract.webhooks import events_of, kind_of, parse

SECRET = "0123456789abcdef0123456789abcdef"
IG_ID = "17841400000000001"


def user() -> DirectUser:
    return DirectUser("1234567890123456", IG_ID, SECRET, cdn_url="http://127.0.0.1:1/cdn")


def test_every_action_verifies_with_the_app_secret_and_not_another() -> None:
    ana = user()
    signed = [
        ana.dm("olá ☕"),
        ana.story_mention("s1"),
        ana.story_reply("s1", "nice"),
        ana.reply("again"),
        ana.reaction(),
        ana.unsend(),
    ]
    for body in signed:
        assert verify(SECRET, body.body, body.headers["X-Hub-Signature-256"])
        assert verify(SECRET, body.body, body.headers["X-Hub-Signature"])
        assert not verify("another-secret", body.body, body.headers["X-Hub-Signature-256"])
        assert body.headers["Content-Type"] == "application/json"


def test_bodies_have_meta_shapes() -> None:
    ana = user()
    dm = ana.dm("olá")
    assert b"ol\\u00e1" in dm.body  # Meta escapes non-ASCII before signing
    envelope = parse(dm.body)
    assert envelope["object"] == "instagram" and envelope["entry"][0]["id"] == IG_ID
    (event,) = events_of(dm.body)
    assert event["sender"]["id"] == ana.igsid and event["recipient"]["id"] == IG_ID
    assert event["message"] == {"mid": dm.mid, "text": "olá"}
    mention = events_of(ana.story_mention("s1").body)[0]["message"]
    assert mention["attachments"][0]["type"] == "story_mention"
    reply = events_of(ana.reply("yes").body)[0]["message"]
    assert reply["reply_to"] == {"mid": ana.sent[-2]}
    reaction = events_of(ana.reaction().body)[0]
    assert kind_of(reaction) == "reaction" and reaction["reaction"]["mid"] == ana.sent[-1]
    target = ana.sent[-1]
    unsent = ana.unsend()
    assert unsent.mid is None
    assert events_of(unsent.body)[0]["message"] == {"mid": target, "is_deleted": True}


def test_mids_are_unique() -> None:
    ana = user()
    assert len({ana.dm(str(n)).mid for n in range(200)}) == 200
