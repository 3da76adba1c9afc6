import Foundation
import SegueComponents
import SegueTensor

/// `segue-bench`: benchmarks in a release build, printing one JSON object a
/// line (`name`, `value`, `unit`), with ratios against baselines measured in
/// the same run, because these machines are shared and noisy.
let usage = """
usage: swift run -c release segue-bench [all] [--steps N] [--seed S]   everything below (the default)
       swift run -c release segue-bench workload            bench-workload-v1 8A/8C: environment throughput, exact sums, sgemm
       swift run -c release segue-bench ahdqn [--steps N] [--seed S]
                                                            bench-workload-v1 8B/8C: AH-DQN training rates, eval return
       swift run -c release segue-bench models [options]   user-model predict throughput vs sgemm peak
"""

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "workload":
    WorkloadBenchmark.run(arguments: Array(arguments.dropFirst()))
case "ahdqn":
    BLAS.setThreadCount(1)
    let gflops = Measure.sgemmGFLOPS()
    Figure(name: "sgemm_gflops", value: gflops, unit: "GFLOP/s", note: "512^3, 1 thread").print()
    ActionHeadBenchmark.run(BenchOptions(parsing: Array(arguments.dropFirst())), world: BenchWorkload().makeWorld(), sgemmGFLOPS: gflops)
case "models":
    ModelBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(arguments.isEmpty ? 0 : 1)
}
