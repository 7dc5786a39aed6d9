"""Ticket printing: ESC/POS rendering, print jobs, network delivery and the kiosk print agent.

A ticket issued at a kiosk gets a print job in the same transaction. After the
commit the job is delivered either straight to the kiosk's network printer
(TCP 9100) or, when the kiosk has none configured, to its print agent over the
kiosk's Socket.IO room. Printer trouble never undoes the ticket: the job stays
pending and is retried.
"""
