import AlgobotCLI
AlgobotCommand.main()
