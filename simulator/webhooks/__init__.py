"""Webhook delivery: signing, payload builders, the dispatcher and the delivery log."""
