"""The command line: options parsed into a request, the request run, the exit code returned."""
