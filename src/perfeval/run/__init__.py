"""Running: files found, scored (cached, in worker processes), the verdict, outputs written."""
