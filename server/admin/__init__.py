"""Running a city: centers, the catalogue, windows, accounts, devices and guides, changed live."""
