@conformance @webhooks @meta_verified @api_only
Feature: The webhook verification handshake
  When a developer saves the callback URL (in the App Dashboard, or with
  POST /{app-id}/subscriptions), Meta first calls it with
  GET <callback>?hub.mode=subscribe&hub.challenge=<integer>&hub.verify_token=<string>.
  The endpoint answers 200 with the challenge as a plain-text body when the verify token is
  its own, and 403 when it is not; Meta saves the callback only after a correct answer, else
  it refuses with error 2200 "Callback verification failed" [GS][IGWH][MPWH]
  (meta-platform.md section 1, Handshake; architecture.md section 1.1).

  Scenario: The right verify token gets the challenge back as plain text
    When Meta sends the verification request with the contact center's verify token
    Then the contact center answers 200 with exactly the challenge, as plain text

  Scenario: A wrong verify token is refused with 403
    When Meta sends the verification request with the verify token "not-our-token"
    Then the contact center answers 403 without the challenge

  Scenario: Saving the callback with the contact center's verify token succeeds
    Given the Meta app has no webhook callback saved
    When the developer saves the contact center's callback URL in the Meta app with its verify token
    Then Meta saves the callback
    And Meta lists the callback as active for the "messages" field

  Scenario: Saving the callback with a wrong verify token fails with Meta's error 2200
    Given the Meta app has no webhook callback saved
    When the developer saves the contact center's callback URL in the Meta app with the verify token "not-our-token"
    Then Meta refuses to save the callback with error code 2200, having got a 403
    And Meta lists no webhook callback
