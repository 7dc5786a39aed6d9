"""The touchscreen kiosk: take a number, check in a booking, the guide funnel."""
