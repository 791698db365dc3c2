@conformance @messaging @meta_verified @instagram_manage_messages @rejection_risk_2
Feature: Shared posts and reels show with their title and Meta's link
  A post shared into Direct arrives as an "ig_post" attachment {ig_post_media_id, title, url}
  (since Nov 3 2025; "share" ended Apr 27 2026, messaging changelog) and a reel as "ig_reel"
  {url, title, reel_video_id} [IGEX] (meta-platform.md section 1.1). The agent sees what was
  shared, by its title, and opens it from Meta's URL: a link to a copy is rejection reason 2
  (rejection-reasons.md).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram

  Scenario: A post the user shares shows its title and links to Meta's URL
    When the test user shares the business's newest post in Direct
    Then the message appears in the contact center as a new conversation
    And the conversation shows the share with its title, linking to the URL Meta's webhook carried

  Scenario: A reel the user shares shows its title and links to Meta's URL
    When the test user shares the reel "Three ways to wear the linen shirt" in Direct
    Then the message appears in the contact center as a new conversation
    And the conversation shows the share with its title, linking to the URL Meta's webhook carried
