import Foundation
import SparkCtl

// Everything is in the SparkCtl library (testable); this only passes the command line and exits.
exit(await SparkCtl.run(arguments: Array(CommandLine.arguments.dropFirst())))
