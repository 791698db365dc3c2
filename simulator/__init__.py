"""Meta's side of an Instagram Direct integration, simulated (docs/architecture.md section 1)."""
