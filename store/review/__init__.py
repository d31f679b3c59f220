"""Review work: the queue, record reads, drafts, changes with their audit trail, undo."""
