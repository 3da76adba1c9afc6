import Foundation
import XCTest

/// Sweeps end to end through the real `segue` binary: a local pool with a
/// failing task, Ctrl-C and resume, `segue run` with parameters, and the same
/// sweep through a real one-node Slurm cluster (scripts/slurm-local).
final class SweepRunTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sessionFile = root.appendingPathComponent("Sessions/sweep-ahdqn-lr.segue").path
    var folder = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: TerminalDriver.binary) else { throw XCTSkip("segue is not built") }
        folder = NSTemporaryDirectory() + "segue-sweep-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Starts `segue ARGS` in the test's folder, its output into a file.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, String) {
        let output = folder + "/out-\(UUID().uuidString.prefix(6)).txt"
        FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TerminalDriver.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: output))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, output)
    }

    /// Runs `segue ARGS` to the end.
    func segue(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let (process, output) = try start(arguments, environment: environment)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: output, encoding: .utf8))
    }

    func text(_ path: String) -> String { (try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)) ?? "" }

    func testAFailingTaskIsReportedWithItsLogWhileTheOthersFinish() throws {
        let args = ["sweep", SweepRunTests.sessionFile, "lr=3e-4,oops", "seed=0..1", "steps=200", "--dir", "s", "--jobs", "2"]
        let first = try segue(args)
        XCTAssertEqual(first.status, 1, first.output)
        XCTAssertTrue(first.output.contains("2 of 4 tasks done, 2 failed:"), first.output)
        XCTAssertTrue(first.output.contains("task 2 (lr=oops seed=0 steps=200) failed: \(SweepRunTests.sessionFile):16:"), first.output)
        XCTAssertTrue(first.output.contains("learning-rate"), first.output)            // the log's tail names the bad option
        XCTAssertTrue(first.output.contains("  | segue> a = agent ahdqn learning-rate=oops"), first.output)
        XCTAssertEqual(text("s/tasks/0/results.jsonl").split(separator: "\n").count, 9)   // train: 3 figures, compare: 2 policies × 3
        // Again: done tasks are skipped, failed ones reported but run only on request.
        let again = try segue(args)
        XCTAssertTrue(again.output.contains("2 finished earlier (skipped), 2 failed earlier (rerun them with --retry-failed), running 0"), again.output)
        let retried = try segue(args + ["--retry-failed"])
        XCTAssertTrue(retried.output.contains("running 2 (local)"), retried.output)
        XCTAssertEqual(retried.status, 1)
        // The report covers the finished setting only.
        let report = try segue(["sweep", "report", "s", "--csv", "r.csv"])
        XCTAssertTrue(report.output.contains("2 of 4 tasks finished"), report.output)
        XCTAssertTrue(text("r.csv").contains("6,compare,a,return,3e-4,200,"), text("r.csv"))
    }

    func testCtrlCStopsThePoolAndResumeRunsOnlyTheMissingTasks() throws {
        let args = ["sweep", SweepRunTests.sessionFile, "seed=0..3", "steps=800", "--jobs", "1"]
        let (process, output) = try start(args + ["--dir", "stopped"])
        let firstStatus = folder + "/stopped/tasks/0/status.json"
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: firstStatus) && Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let log = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 130, log)
        let finished = (0..<4).filter { FileManager.default.fileExists(atPath: folder + "/stopped/tasks/\($0)/status.json") }
        XCTAssertTrue(finished.count >= 1 && finished.count < 4, "finished \(finished)\n\(log)")
        XCTAssertTrue(log.contains("sweep stopped: \(finished.count) of 4 tasks finished"), log)
        let stamps = try finished.map { try FileManager.default.attributesOfItem(atPath: folder + "/stopped/tasks/\($0)/status.json")[.modificationDate] as? Date }
        let resumed = try segue(args + ["--dir", "stopped"])
        XCTAssertEqual(resumed.status, 0, resumed.output)
        XCTAssertTrue(resumed.output.contains("\(finished.count) finished earlier (skipped), running \(4 - finished.count) (local)"), resumed.output)
        let after = try finished.map { try FileManager.default.attributesOfItem(atPath: folder + "/stopped/tasks/\($0)/status.json")[.modificationDate] as? Date }
        XCTAssertEqual(stamps, after, "finished tasks must not run again")
        // The stopped-and-resumed sweep has the rows of an uninterrupted one, to the byte.
        XCTAssertEqual(try segue(args + ["--dir", "straight", "--jobs", "2"]).status, 0)
        XCTAssertFalse(text("straight/results.jsonl").isEmpty)
        XCTAssertEqual(text("stopped/results.jsonl"), text("straight/results.jsonl"))
    }

    func testRunSetsParametersAndRefusesUnknownOnes() throws {
        let run = try segue(["run", SweepRunTests.sessionFile, "seed=3", "steps=200"])
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("agent ahdqn(learning-rate=3e-4, learning-starts=200, seed=3)"), run.output)
        let bad = try segue(["run", SweepRunTests.sessionFile, "sed=3"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.output.contains("has no parameter 'sed' — did you mean 'seed'?"), bad.output)
        let grid = try segue(["sweep", SweepRunTests.sessionFile, "seed=4..2"])
        XCTAssertTrue(grid.output.contains("'seed=4..2': the range is empty"), grid.output)
    }

    /// A real cluster: slurmctld, slurmd and munged from scripts/slurm-local in
    /// a scratch folder; the same tasks through sbatch and through the local
    /// pool must write the same rows.
    func testSlurmArrayJobGivesTheLocalPoolsRows() throws {
        let script = SweepRunTests.root.appendingPathComponent("scripts/slurm-local").path
        guard ["sbatch", "squeue", "slurmctld", "slurmd", "munged"].allSatisfy({
            TerminalDriver.shell(["sh", "-c", "command -v \($0) || test -x /usr/sbin/\($0)"]).status == 0 }) else {
            throw XCTSkip("slurm-wlm and munge are not installed: run `scripts/setup slurm` (scripts/test does)")
        }
        guard geteuid() == 0 else { throw XCTSkip("the one-node cluster's daemons run as root (scripts/slurm-local); run the tests as root") }
        let cluster = folder + "/cluster"
        let port = String(20_000 + Int(getpid()) % 20_000)
        let started = TerminalDriver.shell(["env", "SEGUE_SLURM_PORT=\(port)", script, "start", cluster])
        defer { _ = TerminalDriver.shell([script, "stop", cluster]) }
        XCTAssertEqual(started.status, 0, started.output)
        guard started.status == 0 else { return }
        let conf = ["SLURM_CONF": cluster + "/slurm.conf"]
        let grid = [SweepRunTests.sessionFile, "lr=1e-4,1e-3", "seed=0..1", "steps=300"]
        let slurm = try segue(["sweep"] + grid + ["--executor", "slurm", "--dir", "on-slurm", "--partition", "debug", "--time", "5:00"],
                              environment: conf)
        XCTAssertEqual(slurm.status, 0, slurm.output + "\n" + text("on-slurm/tasks/0/log.txt"))
        XCTAssertTrue(slurm.output.contains("submitted array job"), slurm.output)
        let local = try segue(["sweep"] + grid + ["--dir", "on-pool", "--jobs", "2"])
        XCTAssertEqual(local.status, 0, local.output)
        for task in 0..<4 {
            let rows = text("on-pool/tasks/\(task)/results.jsonl")
            XCTAssertTrue(rows.contains("\"command\":\"compare\""), rows)
            XCTAssertEqual(text("on-slurm/tasks/\(task)/results.jsonl"), rows, "task \(task)")
            XCTAssertTrue(text("on-slurm/tasks/\(task)/status.json").contains("\"executor\":\"slurm\""))
        }
    }
}
