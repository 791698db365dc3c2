"""Meta's side of an Instagram Direct integration, simulated (see docs/architecture.md section 1)."""
