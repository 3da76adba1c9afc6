import Foundation

/// `segue-bench`: benchmarks in a release build, printing one JSON object a
/// line (`name`, `value`, `unit`), with ratios against baselines measured in
/// the same run, because these machines are shared and noisy.
let usage = """
usage: swift run -c release segue-bench workload            bench-workload-v1: environment throughput, exact sums, sgemm
       swift run -c release segue-bench models [options]   user-model predict throughput vs sgemm peak
"""

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "workload":
    WorkloadBenchmark.run(arguments: Array(arguments.dropFirst()))
case "models":
    ModelBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(arguments.isEmpty ? 0 : 1)
}
