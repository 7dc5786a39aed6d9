"""The audit trail: who changed what, when, where, and the values before and after."""
