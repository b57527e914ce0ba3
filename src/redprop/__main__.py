from redprop.cli import main

main()
