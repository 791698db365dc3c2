"""What else an Instagram user does in Direct, each the webhook Meta sends for it [IGEX][IMWH]
(docs/meta-platform.md section 1.1), on the field that carries it:

- ``messages``: a photo, video, voice note or file; a shared post (``ig_post``) or reel
  (``ig_reel``); a reply to the business's story (``reply_to.story``); an inline reply
  (``reply_to.mid``); a message that came from an ad (``referral`` inside it);
- ``message_reactions``: react and unreact (the business's own reactions give no webhook);
- ``messaging_seen``: read;
- ``messaging_referral``: following an ig.me link into an existing thread.
Meta sends no edit webhook for Instagram: "message_edits: ... Only available for Messenger
conversations" (Messenger Platform, Webhook Events Reference) and the Instagram webhook fields
list has none; a user's edit changes the thread (and the Graph's view of the message) and is
logged as not delivered, saying why. A mixin of the ``Simulator`` facade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.contract.tables import MEDIA_KINDS, REACTIONS
from simulator.contract.webhooks import (
    ig_post_attachment,
    ig_reel_attachment,
    media_attachment,
    reaction_event,
    read_event,
    referral_event,
)
from simulator.inputs import check_client, check_unicode

if TYPE_CHECKING:
    from simulator.state.models import IgUser, ThreadMessage

REFERRAL_SOURCES = ("ig.me", "ADS")
EDIT_WINDOW_S = 15 * 60  # Instagram's in-app limit for editing a sent message
MAX_EDITS = 5


class UserActions:
    """Mixed into ``Simulator``: ``self.store``, ``self.clock``, ``_add_message``, ``_publish``."""

    store: Any
    clock: Any
    business: Any
    events: Any
    deliveries: Any

    def _add_message(self, user: IgUser, **fields: Any) -> ThreadMessage: ...  # pragma: no cover

    def _publish(self, user: IgUser, event: dict, mid: str, field: str = "messages") -> None: ...

    def _media(
        self, user: IgUser, kind: str, title: str, upload: tuple[str, bytes] | None = None
    ) -> tuple[str, str]:
        """A new item of media on Meta's CDN (``upload``: its content type and bytes, else
        drawn or sampled when fetched): its id and signed URL."""
        media_id = "18" + self.store.ids.digits(15)
        item: dict[str, Any] = {"kind": kind, "title": title, "owner": user.username}
        if upload is not None:
            item["content_type"], item["data"] = upload
        self.store.media_items[media_id] = item
        return media_id, self.store.urls.media(media_id, kind)

    def send_media(
        self,
        user: IgUser,
        kind: str,
        *,
        caption: str = "",
        upload: tuple[str, bytes] | None = None,
        client: str = "app",
    ) -> ThreadMessage:
        """A photo, video, voice note or file on Meta's CDN [IGEX]: the ``upload``ed bytes, or
        a drawn photo or PDF (``caption`` on it), a sample video or voice note."""
        check_client(client)
        if kind not in MEDIA_KINDS:
            raise ValueError(f"kind must be one of {MEDIA_KINDS}")
        check_unicode(caption)
        _, url = self._media(user, kind, caption or f"{user.username}'s {kind}", upload)
        return self._add_message(
            user,
            text=None,
            attachments=[media_attachment(kind, url)],
            from_user=True,
            client=client,
        )

    def share_post(
        self,
        user: IgUser,
        *,
        title: str = "",
        media_id: str | None = None,
        client: str = "app",
    ) -> ThreadMessage:
        """A post shared into Direct: ``ig_post`` ``{ig_post_media_id, title, url}``; one of
        the business's posts (``media_id``) or someone else's (``title``)."""
        if media_id is None:
            return self._share(user, "image", title, client)
        check_client(client)
        if media_id not in self.store.posts:
            raise KeyError(f"no post {media_id} of @{self.business.username}")
        item = self.store.media_items[media_id]
        attachment = ig_post_attachment(media_id, item["title"], self.store.media_url(media_id))
        return self._add_message(
            user, text=None, attachments=[attachment], from_user=True, client=client
        )

    def share_reel(self, user: IgUser, *, title: str, client: str = "app") -> ThreadMessage:
        """A reel shared into Direct: ``ig_reel`` ``{url, title, reel_video_id}``."""
        return self._share(user, "video", title, client)

    def _share(self, user: IgUser, kind: str, title: str, client: str) -> ThreadMessage:
        check_client(client)
        if not title.strip():
            raise ValueError("a shared post or reel needs a title")
        check_unicode(title)
        media_id, url = self._media(user, kind, title)
        attachment = (
            ig_post_attachment(media_id, title, url)
            if kind == "image"
            else ig_reel_attachment(url, title, media_id)
        )
        return self._add_message(
            user, text=None, attachments=[attachment], from_user=True, client=client
        )

    def reply_to_story(
        self, user: IgUser, story_id: str, text: str, *, client: str = "app"
    ) -> ThreadMessage:
        """A reply to one of the business's stories: ``reply_to.story`` ``{url, id}`` [IGEX]."""
        check_client(client)
        story = self.store.stories.get(story_id)
        if story is None or story.owner_igsid != self.business.ig_id:
            raise KeyError(f"no story {story_id} of @{self.business.username}")
        if not text.strip():
            raise ValueError("a story reply needs text")
        check_unicode(text)
        return self._add_message(
            user,
            text=text,
            attachments=[],
            from_user=True,
            client=client,
            story_reply={"url": story.url, "id": story.id},
        )

    def reply_inline(
        self, user: IgUser, mid: str, text: str, *, client: str = "app"
    ) -> ThreadMessage:
        """A reply to one message of the thread: ``reply_to.mid`` [IGEX]."""
        check_client(client)
        if self.store.message(user, mid) is None:
            raise KeyError(f"no message {mid} in @{user.username}'s thread")
        if not text.strip():
            raise ValueError("a reply needs text")
        check_unicode(text)
        return self._add_message(
            user, text=text, attachments=[], from_user=True, client=client, reply_to=mid
        )

    def edit(self, user: IgUser, mid: str, text: str, *, client: str = "app") -> ThreadMessage:
        """The user edits their message (Instagram allows it for ``EDIT_WINDOW_S`` after
        sending, 5 edits at most; knob-free, as the app shows): no webhook reaches the app."""
        check_client(client)
        message = self.store.message(user, mid)
        if message is None:
            raise KeyError(f"no message {mid} in @{user.username}'s thread")
        if not message.from_user or message.is_deleted or message.text is None:
            raise ValueError("only the sender's own text messages can be edited")
        if self.clock.now_ms() - message.timestamp > EDIT_WINDOW_S * 1000:
            raise ValueError(f"messages can be edited for {EDIT_WINDOW_S // 60} minutes only")
        if message.edits >= MAX_EDITS:
            raise ValueError(f"a message can be edited {MAX_EDITS} times at most")
        if not text.strip():
            raise ValueError("an edit needs text")
        check_unicode(text)
        message.text, message.edits = text, message.edits + 1
        self.events.append(
            "thread.message",
            {"igsid": user.igsid, "thread_id": user.thread_id, **message.to_dict()},
        )
        reason = "Meta sends no webhook for an edit on Instagram (message_edits is Messenger-only)"
        self.deliveries.not_delivered([mid], reason, "")
        return message

    def react(
        self,
        user: IgUser,
        mid: str,
        reaction: str | None,
        *,
        emoji: str | None = None,
        client: str = "app",
    ) -> None:
        """React to a message of the thread (``reaction`` None: unreact; ``other`` takes the
        ``emoji`` the user picked) [IGEX]."""
        check_client(client)
        message = self.store.message(user, mid)
        if message is None:
            raise KeyError(f"no message {mid} in @{user.username}'s thread")
        if reaction is not None and reaction not in REACTIONS:
            raise ValueError(f"reaction must be one of {sorted(REACTIONS)}")
        if reaction is None and message.reaction is None:
            raise ValueError("there is no reaction to take back")
        if reaction == "other" and not emoji:
            raise ValueError("an 'other' reaction needs the emoji the user picked")
        emoji = (emoji if reaction == "other" else REACTIONS[reaction]) if reaction else None
        message.reaction, message.reaction_emoji = reaction, emoji
        self.store.last_inbound_ms[user.igsid] = self.clock.now_ms()  # a reaction opens the window
        self.events.append(
            "thread.reaction",
            {"igsid": user.igsid, "thread_id": user.thread_id, "mid": mid, "reaction": reaction},
        )
        event = reaction_event(
            user.igsid,
            self.business.ig_id,
            self.clock.now_ms(),
            mid=mid,
            reaction=reaction,
            emoji=emoji,
        )
        self._publish(user, event, mid, field="message_reactions")

    def read(self, user: IgUser, *, client: str = "app") -> tuple[str, bool]:
        """The user sees the thread: ``read`` of the newest business message [IGEX]. Seeing it
        again sends nothing: answers the mid and whether a webhook went out."""
        check_client(client)
        thread = self.store.threads[user.igsid]
        newest = next((m for m in reversed(thread) if not m.from_user), None)
        if newest is None:
            raise ValueError("the business has sent nothing to read")
        if self.store.read_upto.get(user.igsid) == newest.mid:
            return newest.mid, False
        self.store.read_upto[user.igsid] = newest.mid
        event = read_event(user.igsid, self.business.ig_id, self.clock.now_ms(), newest.mid)
        self._publish(user, event, newest.mid, field="messaging_seen")
        return newest.mid, True

    def follow_link(self, user: IgUser, *, ref: str, client: str = "app") -> str:
        """An ig.me/<account>?ref=... link into an existing thread: ``messaging_referral``."""
        check_client(client)
        check_unicode(ref)
        if not self.store.threads[user.igsid]:
            raise ValueError("an ig.me link into a new thread opens it with a message instead")
        mid = self.store.ids.mid(self.business.ig_id, user.thread_id)
        event = referral_event(
            user.igsid, self.business.ig_id, self.clock.now_ms(), ref=ref, source="ig.me"
        )
        self._publish(user, event, mid, field="messaging_referral")
        return mid

    def click_ad(
        self, user: IgUser, text: str, *, ad_id: str, ad_title: str, client: str = "app"
    ) -> ThreadMessage:
        """A message sent from a click-to-Direct ad: ``referral`` inside the message [IGEX]."""
        check_client(client)
        check_unicode([text, ad_id, ad_title])
        photo = self._media(user, "image", ad_title)[1]
        referral = {
            "ref": f"ad_{ad_id}",
            "ad_id": ad_id,
            "source": "ADS",
            "type": "OPEN_THREAD",
            "ads_context_data": {"ad_title": ad_title, "photo_url": photo},
        }
        return self._add_message(
            user, text=text, attachments=[], from_user=True, client=client, referral=referral
        )
