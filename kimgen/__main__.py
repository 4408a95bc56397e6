from kimgen.cli import main

main()
