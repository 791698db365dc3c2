@conformance @recovery @meta_verified @api_only @instagram_manage_messages
Feature: The contact center down for a while, then back: nothing lost, nothing twice
  While the callback fails, Meta retries each delivery on its own clock, at once and then
  thinning out, keeping each event's mid and timestamp; after 15 minutes of failures it raises
  a "Webhooks Failing" alert [MPWH] (meta-platform.md section 1, Delivery; Duplicates and
  order). The backoff is UNCONFIRMED: the simulator's default retries after 0 s, 0 s, 10 s,
  30 s, 1, 2, 5 and 10 min, then every 15 min (architecture.md, retry_delays_s). The harness
  moves Meta's clock from one retry to the next rather than waiting. Once the contact center
  answers again, every message written meanwhile shows, once, in the order it was written.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario Outline: Down for some minutes: after Meta's retries every message shows once, in order
    Given the contact center is down for <minutes> minutes: Meta's deliveries get HTTP 503
    When the test user sends the Direct messages "Hello", "Are you open today?" and "I need to change my address"
    Then Meta's first delivery of each of them fails with HTTP 503
    When Meta retries on its clock until the contact center takes them
    Then the contact center took each of them on a retry, <minutes> minutes or more after Meta's first attempt
    And the message appears in the contact center as a new conversation
    And the conversation shows "Hello", "Are you open today?" and "I need to change my address" once each, in that order
    And Meta <alerted> a "Webhooks Failing" alert

    Examples: Outages shorter than Meta's alert, and longer
      | minutes | alerted       |
      | 5       | raised no     |
      | 20      | raised        |
