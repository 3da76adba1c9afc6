import Foundation
import SegueComponents
import SegueTensor

/// `segue-bench`: benchmarks in a release build, printing one JSON object a
/// line (`name`, `value`, `unit`), with ratios against baselines measured in
/// the same run, because these machines are shared and noisy.
let usage = """
usage: swift run -c release segue-bench [all] [options]     workload, ahdqn, catalog (catalog first; the default)
       swift run -c release segue-bench workload             bench-workload-v1 8A/8C: environment throughput, exact sums, sgemm
       swift run -c release segue-bench ahdqn [options]      bench-workload-v1 8B/8C: AH-DQN training rates, eval return, scoring vs peak
       swift run -c release segue-bench catalog [--threads T]
                                                             memory by catalog size; one playlist decision on 1M tracks, pool 10,000
       swift run -c release segue-bench models [pool=N] [seconds=S]
                                                             user-model predict throughput vs sgemm peak
       swift run -c release segue-bench mssd [sessions=N] [files=F] [seconds=S] [folder=PATH]
                                                             MSSD-shaped gzip logs: ingest, cache open, CWM/SWM training rows/s, peak memory
numerics: every benchmark runs in the portable mode (this process) and then in the fast mode (a child
         process with the CPU's own BLAS kernel), and ends with fast_over_portable ratios of every rate;
         --numerics portable|fast (or SEGUE_NUMERICS) runs one mode only.
options: --steps N (AH-DQN env steps, default 20000), --seed S (agent seed, default 1),
         --threads T (inference threads, default: every core; the numbers do not depend on it),
         --eval-at N,M (more evaluations on the way), --time-limit S (training loop cap, default 300)
"""

var arguments = Array(CommandLine.arguments.dropFirst())
/// The mode to run alone, when one was named; nil runs both.
var onlyMode: NumericMode?
do {
    if let index = arguments.firstIndex(of: BothModes.onlyFlag) {
        guard index + 1 < arguments.count else { BenchOptions.fail("--numerics needs a mode: portable or fast") }
        onlyMode = try NumericMode(parsing: arguments[index + 1], source: "--numerics")
        arguments.removeSubrange(index...(index + 1))
    } else {
        onlyMode = try Numerics.environmentMode()
    }
    try Numerics.request(onlyMode ?? .portable)
} catch {
    BenchOptions.fail("\(error)")
}

switch arguments.first {
case "workload":
    WorkloadBenchmark.run(arguments: Array(arguments.dropFirst()))
case "ahdqn":
    BLAS.setThreadCount(1)
    let gflops = Measure.sgemmGFLOPS()
    Figure(name: "sgemm_gflops", value: gflops, unit: "GFLOP/s", note: "512^3, 1 thread").print()
    ActionHeadBenchmark.run(BenchOptions(parsing: Array(arguments.dropFirst())), world: BenchWorkload().makeWorld(), sgemmGFLOPS: gflops)
case "catalog":
    BLAS.setThreadCount(1)
    CatalogBenchmark.run(threads: BenchOptions(parsing: Array(arguments.dropFirst())).threads)
case "models":
    ModelBenchmark.run(arguments: Array(arguments.dropFirst()))
case "mssd":
    MSSDBenchmark.run(arguments: Array(arguments.dropFirst()))
case let first where first == nil || first == "all" || first!.hasPrefix("--"):
    let options = BenchOptions(parsing: Array(arguments.drop { $0 == "all" }))
    CatalogBenchmark.run(threads: options.threads)   // first: its memory figures read resident growth
    let (world, gflops) = WorkloadBenchmark.run(arguments: [])
    ActionHeadBenchmark.run(options, world: world, sgemmGFLOPS: gflops)
default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(arguments.first == "help" || arguments.first == "--help" ? 0 : 1)
}

if onlyMode == nil {
    BothModes.runChild(mode: .fast, arguments: arguments)
}
