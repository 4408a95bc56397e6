"""The site model (plain data) and its assembly from what the content stage read."""
