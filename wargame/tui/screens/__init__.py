"""Full screens of the facilitator, one module each."""
