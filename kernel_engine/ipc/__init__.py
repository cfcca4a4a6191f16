"""Message passing: per-process mailboxes, request/reply and publish/subscribe."""
