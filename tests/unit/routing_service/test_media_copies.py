"""The ``media_rehosted`` break keeps copies and shows them from the service's own URL."""

from __future__ import annotations

import asyncio

import httpx

from routing_service.media_copies import MediaCopies

CDN = "https://scontent.cdninstagram.com/v/photo.jpg"


def cdn(request: httpx.Request) -> httpx.Response:
    if str(request.url) == CDN:
        return httpx.Response(200, content=b"\xff\xd8jpeg", headers={"content-type": "image/jpeg"})
    raise httpx.ConnectError("unreachable", request=request)


def test_each_attachment_with_a_url_points_at_a_copy_of_its_bytes() -> None:
    async def run() -> tuple[list[dict], MediaCopies]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(cdn)) as http:
            copies = MediaCopies(http)
            kept = await copies.rehost(
                [
                    {"type": "image", "url": CDN},
                    {"type": "like_heart", "url": None},
                    {"type": "file", "url": "https://gone.example/x.pdf"},
                ]
            )
            return kept, copies

    kept, copies = asyncio.run(run())
    assert kept == [
        {"type": "image", "url": "/media/1"},
        {"type": "like_heart", "url": None},
        {"type": "file", "url": "/media/2"},
    ]
    assert copies.get("1") == ("image/jpeg", b"\xff\xd8jpeg")
    assert copies.get("2") == ("application/octet-stream", b"")  # unreachable: an empty copy
    assert copies.get("3") is None
