"""Parse: a laid-out Document into sections, contact details, dates and roles."""
