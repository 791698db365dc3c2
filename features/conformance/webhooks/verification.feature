@conformance @webhooks @api_only @instagram_manage_messages
Feature: The webhook verification handshake
  When a developer saves the callback URL (in the App Dashboard, or with
  POST /{app-id}/subscriptions), Meta first calls it with
  GET <callback>?hub.mode=subscribe&hub.challenge=<integer>&hub.verify_token=<string>.
  The endpoint answers 200 with the challenge as a plain-text body when the verify token is
  its own, and 403 when it is not; Meta saves the callback only after a correct answer, else
  it refuses with error 2200 "Callback verification failed" [GS][IGWH][MPWH]
  (meta-platform.md section 1, Handshake; architecture.md section 1.1). Meta runs the
  handshake each time the callback is saved, with a new challenge.

  @meta_verified
  Scenario: The right verify token gets the challenge back as plain text
    When Meta sends the verification request with the contact center's verify token
    Then the contact center answers 200 with exactly the challenge, as plain text

  @meta_verified
  Scenario: A wrong verify token is refused with 403
    When Meta sends the verification request with the verify token "not-our-token"
    Then the contact center answers 403 without the challenge

  @meta_verified @no_console
  Scenario: A verification request for anything but "subscribe" is refused with 403
    # [GS] Meta's sample answers the challenge only when hub.mode is "subscribe", else 403.
    When a verification request with hub.mode "unsubscribe" and the contact center's verify token arrives
    Then the contact center answers 403 without the challenge

  @simulator_only @no_console
  Scenario: A verification request without a challenge gets a 4xx, not an empty 200
    # Meta always sends hub.challenge [GS] and is silent on a request without one: it did not
    # come from Meta. The harness's rule for bad input applies: a clear 4xx, never a 200 that
    # a half-written check could take for a passed handshake, never a 5xx.
    When a verification request with the contact center's verify token but no hub.challenge arrives
    Then the contact center answers it with a 4xx

  @meta_verified @no_console
  Scenario Outline: The challenge comes back exactly as Meta sent it, whatever its length
    # [GS] hub.challenge is "an int you must pass back": byte for byte, not as JSON, not
    # parsed into a number that loses digits or gains a newline.
    When Meta sends the verification request with the challenge "<challenge>"
    Then the contact center answers 200 with exactly the challenge, as plain text

    Examples: Challenges of every length
      | challenge           |
      | 7                   |
      | 1158201444          |
      | 9876543210123456789 |

  @meta_verified
  Scenario: Saving the callback with the contact center's verify token succeeds
    Given the Meta app has no webhook callback saved
    When the developer saves the contact center's callback URL in the Meta app with its verify token
    Then Meta saves the callback
    And Meta lists the callback as active for the "messages" field

  @meta_verified
  Scenario: Saving the callback with a wrong verify token fails with Meta's error 2200
    Given the Meta app has no webhook callback saved
    When the developer saves the contact center's callback URL in the Meta app with the verify token "not-our-token"
    Then Meta refuses to save the callback with error code 2200, having got a 403
    And Meta lists no webhook callback

  @meta_verified
  Scenario: Saving the callback again verifies it again, and messages keep arriving
    # [GS][SUBS] every save runs the handshake with a fresh challenge; a contact center that
    # answered only its first handshake, or a remembered challenge, could never be edited.
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    When the developer saves the contact center's callback URL again with its verify token
    Then Meta saves the callback
    And Meta lists the callback as active for the "messages" field
    When the test user sends the Direct message "Is the shop open on Sunday?"
    Then the message appears in the contact center as a new conversation
    And the conversation shows the message "Is the shop open on Sunday?" once
