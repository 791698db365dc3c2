"""Meta's shapes, written once: webhook bodies and events, and the Send API's request and
answer. Pure data (no behaviour, no state): the simulator builds with it and the harness's
steps read with it, so only one place knows what an event looks like (docs/meta-platform.md
section 1.1 and section 2, each builder citing its fact)."""
