"""What people read out: stats, outstanding actions, export."""
