"""Command-line verbs (DESIGN.md's contract). Each verb is a module exposing HELP,
`add_arguments(parser)` and `run(args) -> int`; heavy imports happen inside `run`."""
