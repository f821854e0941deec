"""A deterministic, realistic demo world: agencies, compounds, syndicates and their victims."""
