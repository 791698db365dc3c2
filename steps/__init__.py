"""Step definitions, grouped by actor: the agent console, the Instagram user, Meta's platform."""
