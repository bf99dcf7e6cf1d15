// Entry point of the `meshcheck` command (placeholder until the CLI lands).
process.stderr.write("meshcheck: no commands yet\n");
process.exitCode = 2;
