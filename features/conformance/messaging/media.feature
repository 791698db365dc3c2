@conformance @messaging @meta_verified @instagram_manage_messages @rejection_risk_2
Feature: Photos, videos, voice messages and files show from Meta's CDN
  A photo, video, voice message or file the user sends in Direct reaches the contact center as
  a messages webhook whose attachment is {"type": "image"|"video"|"audio"|"file", "payload":
  {"url": <Meta's CDN URL>}} [IGEX][IMWH] (meta-platform.md section 1.1). The console shows it
  from that URL: contact centers that stored or re-hosted the media instead were rejected,
  rejection reason 2 (rejection-reasons.md; chatwoot/chatwoot#8434, #7816, meta-platform.md
  section 5).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram

  Scenario Outline: A <media> the user sends shows from the URL in Meta's webhook, not a copy
    When the test user sends a <media> in Direct
    Then the message appears in the contact center as a new conversation
    And the conversation shows the <media> from the URL Meta's webhook carried

    Examples: What Direct sends as an attachment
      | media         |
      | photo         |
      | video         |
      | voice message |
      | PDF file      |
