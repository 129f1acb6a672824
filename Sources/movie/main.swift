MovieCommand.runMain()
