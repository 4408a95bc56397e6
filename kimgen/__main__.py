from kimgen.cli import run

run()
