"""The hall's read model: the hall at one instant (boards and dashboards after connecting),
and the hall's own routes (the snapshot, the notice line)."""
