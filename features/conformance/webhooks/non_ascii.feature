@conformance @webhooks @meta_verified @api_only
Feature: Non-ASCII text in webhooks
  Meta writes webhook bodies with every non-ASCII character escaped as lowercase \uXXXX
  ("äöå" is sent as \u00e4\u00f6\u00e5) and signs exactly those bytes [MPWH]
  (meta-platform.md section 1, Signatures). The contact center must check the signature over
  the raw bytes it received, not over a body it decoded and encoded again, and show the
  characters the user typed. Characters beyond the Basic Multilingual Plane (most emoji)
  arrive as surrogate pairs: UNCONFIRMED by Meta, the simulator's reading of "all non-ASCII".

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario Outline: A message with non-ASCII characters shows as the user typed it
    When the test user sends the Direct message "<text>"
    Then Meta delivers it as signed ASCII with the escapes "<escaped>"
    And the message appears in the contact center as a new conversation
    And the conversation shows the message "<text>"

    Examples: Accents, other scripts and emoji
      | text                      | escaped                                  |
      | Hyvää päivää, äöå!        | p\u00e4iv\u00e4\u00e4, \u00e4\u00f6\u00e5 |
      | Obrigado 😀               | \ud83d\ude00                             |
      | ありがとう                 | \u3042\u308a\u304c\u3068\u3046           |
      | Family 👨‍👩‍👧 in Zürich | \ud83d\udc68\u200d\ud83d\udc69           |
