from collabdb.cli.app import main

main()
