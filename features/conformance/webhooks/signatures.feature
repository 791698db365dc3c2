@conformance @webhooks @meta_verified @api_only @instagram_manage_messages
Feature: Webhook signatures
  Meta signs every webhook POST with X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
  body, keyed with the app secret> [GS][MPWH]. An endpoint that does not check it lets anyone
  put messages in the agents' inbox: rejection reason #10 (rejection-reasons.md; chatwoot
  advisory GHSA-7rw7-pc8v-mrr3).

  The legacy X-Hub-Signature (sha1=...) alone is not enough. Meta's docs name only the sha256
  header and Meta sends it on every POST (meta-platform.md sections 1 and 6), so a request
  without it did not come from Meta; accepting SHA-1 in its place would only let a weaker hash
  stand in for the documented one.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario: A correctly signed message is accepted and shows as a conversation
    When a webhook for the message "Hi, about order 1042" from the test user arrives signed with the app secret
    Then the contact center accepts the webhook
    And the message appears in the contact center as a new conversation
    And the conversation shows the message "Hi, about order 1042"

  @rejection_risk_10
  Scenario Outline: A webhook Meta did not sign is refused and never shows
    When a webhook for the message "Pay your order at evil.example" from the test user arrives <signed how>
    Then the contact center refuses the webhook with a 4xx answer
    When the test user sends the Direct message "Hi, it is really me"
    Then the message appears in the contact center as a new conversation
    And the conversation shows only the message "Hi, it is really me"

    Examples: Signatures Meta never sends
      | signed how                                   |
      | signed with a forged secret                  |
      | without a signature                          |
      | signed, then changed on the way              |
      | signed only with the legacy sha1 header      |
      | with a forged sha256 beside a true sha1      |
      | with an empty sha256 signature               |

  Scenario: The signature is checked over the bytes received, whatever their layout
    # [GS][MPWH] the signature is over the raw payload. Meta's key order and whitespace are
    # UNCONFIRMED (meta-platform.md section 1, Signatures), so a check over the body parsed
    # and encoded again refuses Meta's own webhooks as soon as the layout differs.
    When a webhook for the message "Hi, order 1042 again" from the test user arrives laid out with spaces and newlines, signed with the app secret
    Then the contact center accepts the webhook
    And the message appears in the contact center as a new conversation
    And the conversation shows the message "Hi, order 1042 again"
