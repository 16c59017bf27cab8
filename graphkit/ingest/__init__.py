"""Reading input: where the seeds are, seed files and bulk input, validation, synthetic graphs."""
