"""Devices as the hall sees them: a kiosk's printer settings and its reported state."""
