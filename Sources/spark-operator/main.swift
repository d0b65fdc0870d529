import SparkOperatorCLI

// Flags (and SPARK_OPERATOR_* environment variables), then the operator until SIGTERM/SIGINT.
await SparkOperatorCommand.runFromCommandLine()
