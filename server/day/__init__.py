"""The day's close: at a center's closing time what is left is closed, and the day's
figures are written."""
