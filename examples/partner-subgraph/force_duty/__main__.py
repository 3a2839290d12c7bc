"""`python -m force_duty serve|sdl`: serve the subgraph, or print its SDL for composition."""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="force_duty", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve POST /graphql and GET /healthz")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=4001)
    commands.add_parser("sdl", help="print the subgraph SDL (what `_service { sdl }` returns)")
    args = parser.parse_args(argv)
    if args.command == "sdl":
        from force_duty.schema import build_schema

        print(build_schema().as_str())
        return
    import uvicorn

    uvicorn.run("force_duty.app:create_app", factory=True, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
