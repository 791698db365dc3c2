@conformance @routing @simulator_only @instagram_manage_messages
Feature: Only an available agent gets new chats; nothing waiting is lost
  Step 5 of the reviewer's script: STATUS -> "Return to operating" makes the agent
  Operating, "able to receive new chats"; "Ready" is equivalent (app-review-scenario.md).
  A Paused agent gets no new chat: the conversation waits in the queue and reaches the agent
  on "Return to operating", with every message written meanwhile, in order. These are the
  guide's rules for a contact center, not Meta facts (hence @simulator_only).

  @queue_view
  Scenario: A paused agent gets no new chat, and gets the waiting one on "Return to operating"
    Given the agent is logged in and "Paused"
    And 1 Instagram user who is a tester of the app
    When the 1st user sends a Direct message
    Then the console shows 0 open chats and 1 waiting
    When the reviewer selects "Return to operating" in the STATUS menu at the top left
    Then the 1st user's conversation reaches the agent with everything written
    And the console shows 1 open chats and 0 waiting

  @queue_view
  Scenario: Everything a user writes while waiting reaches the agent, in order
    Given the agent is logged in and "Paused"
    And 1 Instagram user who is a tester of the app
    When the 1st user sends the Direct messages "I ordered a lamp", "It arrived broken" and "Can I get a refund?"
    Then the console shows 0 open chats and 1 waiting
    When the reviewer selects "Return to operating" in the STATUS menu at the top left
    Then the 1st user's conversation reaches the agent with everything written

  Scenario: "Ready" takes new chats like "Operating"
    Given the agent is logged in and "Ready"
    And 1 Instagram user who is a tester of the app
    When the 1st user sends a Direct message
    Then the 1st user's conversation reaches the agent with everything written
