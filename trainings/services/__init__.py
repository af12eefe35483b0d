"""Every write of the trainings app: records, imports, people (and certificates)."""
