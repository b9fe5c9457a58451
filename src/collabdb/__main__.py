from collabdb.cli.start import main

main()
