import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// Session-file parameters, sweep grids, result records and the report's
/// statistics, in this process.
final class SweepGridTests: XCTestCase {
    var folder = ""

    override func setUp() {
        folder = NSTemporaryDirectory() + "segue-sweep-unit-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    let lines = ["# a sweep", "#! param lr 3e-4", "#! param seed 0", "echo lr=${lr} seed=${seed}"]

    func testParametersTakeDefaultsAndOverrides() throws {
        var p = try SessionParameters(file: "f.segue", lines: lines)
        XCTAssertEqual(p.names, ["lr", "seed"])
        XCTAssertEqual(try p.substitute("echo ${lr}/${seed}", at: 4), "echo 3e-4/0")
        try p.set(assignments: ["lr=1e-3"])
        XCTAssertEqual(try p.substitute("echo ${lr}/${seed}", at: 4), "echo 1e-3/0")
        XCTAssertEqual(try p.substitute("echo no parameters", at: 4), "echo no parameters")
    }

    func testParameterErrorsNameThePlace() throws {
        var p = try SessionParameters(file: "f.segue", lines: lines)
        XCTAssertTrue(message { try p.set(assignments: ["lrr=1"]) }.contains("f.segue has no parameter 'lrr' — did you mean 'lr'?"))
        XCTAssertTrue(message { try p.set(assignments: ["lr"]) }.contains("'lr' is not NAME=VALUE"))
        XCTAssertTrue(message { _ = try p.substitute("echo ${batch}", at: 7) }.contains("f.segue:7: no parameter 'batch' for ${batch}"))
        XCTAssertTrue(message { _ = try p.substitute("echo ${lr", at: 7) }.contains("f.segue:7: '${' without a closing '}'"))
        XCTAssertTrue(message { _ = try SessionParameters(file: "g.segue", lines: ["", "#! param lr"]) }.contains("g.segue:2: a parameter line is"))
        XCTAssertTrue(message { _ = try SessionParameters(file: "g.segue", lines: ["#! param a 1", "#! param a 2"]) }
            .contains("g.segue:2: parameter 'a' is declared twice"))
    }

    func testGridRunsEveryCombinationFirstParameterSlowest() throws {
        let p = try SessionParameters(file: "f.segue", lines: lines)
        let grid = try SweepGrid(arguments: ["lr=1e-4,1e-3", "seed=0..2"], parameters: p)
        XCTAssertEqual(grid.tasks.map { $0.assignments(in: grid).joined(separator: " ") },
                       ["lr=1e-4 seed=0", "lr=1e-4 seed=1", "lr=1e-4 seed=2", "lr=1e-3 seed=0", "lr=1e-3 seed=1", "lr=1e-3 seed=2"])
        XCTAssertEqual(grid.settingNames, ["lr"])
    }

    func testBadGridsAreRefusedNamingTheArgument() throws {
        let p = try SessionParameters(file: "f.segue", lines: lines)
        func refused(_ args: [String]) -> String { message { _ = try SweepGrid(arguments: args, parameters: p) } }
        XCTAssertTrue(refused(["seed=3..1"]).contains("'seed=3..1': the range is empty"))
        XCTAssertTrue(refused(["seed=a..4"]).contains("'seed=a..4': a range is FIRST..LAST of whole numbers"))
        XCTAssertTrue(refused(["lr=1e-4,,1e-3"]).contains("'lr=1e-4,,1e-3' has an empty value"))
        XCTAssertTrue(refused(["batch=32,64"]).contains("f.segue has no parameter 'batch'"))
        XCTAssertTrue(refused(["lr=1", "lr=2"]).contains("parameter 'lr' is given twice"))
        XCTAssertTrue(refused([]).contains("no parameters to sweep"))
    }

    func testCommandsReportTheirSummariesToTheObserver() throws {
        let s = ShellSession()
        s.sink = { _ in }
        var records: [ResultRecord] = []
        s.resultObserver = { records.append($0) }
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
        try s.execute("r = compare random popularity episodes=30")
        guard case .evaluation(let evaluation) = try s.value("r") else { return XCTFail("no evaluation") }
        XCTAssertEqual(records.map(\.subject), ["random", "popularity"])
        XCTAssertEqual(records.map(\.cell), [3, 3])
        XCTAssertEqual(records[1].figures.map(\.0), ["return", "return_ci95", "length"])
        XCTAssertEqual(records[1].figures[0].1, evaluation.entries[1].estimate.mean)
        try s.execute("a = agent ahdqn learning-starts=50")
        try s.execute("train a steps=200")
        XCTAssertEqual(records.last?.command, "train")
        XCTAssertEqual(records.last?.figures.first?.1, 200)
        try s.execute("online = env user=truth episodes=random-pool(size=20) seed=3")
        try s.execute("validate random popularity cosine offline=env online=online episodes=20 resamples=20")
        let validate = records.filter { $0.command == "validate" }
        XCTAssertEqual(validate.map(\.subject), ["env", "random@online", "popularity@online", "cosine@online", "random@env", "popularity@env", "cosine@env"])
        XCTAssertEqual(validate[0].figures.map(\.0), ["pearson", "spearman", "kendall_tau", "bias", "regret_at_1", "regret_share"])
        // A session file's parameters from the shell's `run`.
        let file = folder + "/p.segue"
        try "#! param n 7\necho n is ${n}\n".write(toFile: file, atomically: true, encoding: .utf8)
        try s.execute("run \(file) n=9")
        XCTAssertEqual(s.cells.first { $0.input == "echo n is 9" }?.output, ["n is 9"])
    }

    /// A sweep folder written by hand: two settings, three or two seeds.
    func testReportGivesMeansWithTIntervalsAndTheBest() throws {
        let p = try SessionParameters(file: "f.segue", lines: lines)
        let grid = try SweepGrid(arguments: ["lr=a,b", "seed=0..2"], parameters: p)
        let sweep = SweepFolder(folder)
        try sweep.prepare(SweepManifest(file: "f.segue", text: lines.joined(separator: "\n"), grid: grid), text: "")
        let returns = [1.0, 2.0, 4.0, 10.0, 12.0]   // a: 1 2 4; b: 10 12 (its third seed failed)
        for (task, value) in zip([0, 1, 2, 3, 4], returns) {
            let params = zip(grid.names, grid.tasks[task].values).map { ($0, $1) }
            let rows = [SweepRow(task: task, params: params, cell: 2, command: "compare", subject: "x", figure: "return", value: value),
                        SweepRow(task: task, params: params, cell: 2, command: "compare", subject: "x", figure: "episodes", value: 50)]
            try AtomicFile.write(rows.map { $0.json + "\n" }.joined(), to: sweep.resultsPath(task))
            try sweep.write(SweepTaskStatus(state: "done", exit: 0, seconds: 1, executor: "local", host: "h"), of: task)
        }
        try sweep.write(SweepTaskStatus(state: "failed", exit: 1, message: "boom", seconds: 1, executor: "local", host: "h"), of: 5)
        let report = try SweepReport(folder: sweep)
        XCTAssertEqual(report.finishedTasks, 5)
        let figure = SweepReport.Figure(cell: 2, command: "compare", subject: "x", name: "return")
        let s = try XCTUnwrap(report.summaries[figure])
        XCTAssertEqual(s.map(\.seeds), [3, 2])
        XCTAssertEqual(s[0].mean, 7.0 / 3, accuracy: 1e-12)
        // sd of 1, 2, 4 = 1.5275; t(0.975, 2) = 4.303
        XCTAssertEqual(s[0].halfWidth, 4.303 * 1.5275252316519468 / 3.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(s[1].halfWidth, 12.706 * 2.0.squareRoot() / 2.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(report.best(figure)?.setting, ["b"])
        let text = report.text(style: .recorded)
        XCTAssertTrue(text.contains("5 of 6 tasks finished"), text)
        XCTAssertTrue(text.contains("best: lr=b (11)"), text)
        XCTAssertTrue(text.contains("same in every task: compare x episodes = 50"), text)
        XCTAssertTrue(report.csv().hasPrefix("cell,command,subject,figure,lr,mean,ci95,seeds,best\n2,compare,x,return,a,2.3333333333333335,"))
        XCTAssertEqual(report.jsonl().split(separator: "\n").count, 4)
        // The same report from the shell.
        let shell = ShellSession()
        shell.sink = { _ in }
        try shell.execute("sweep report \(folder) csv=\(folder)/r.csv")
        XCTAssertTrue(shell.cells[0].output.contains("best: lr=b (11)"), shell.cells[0].output.joined(separator: "\n"))
        XCTAssertEqual(try String(contentsOfFile: folder + "/r.csv", encoding: .utf8), report.csv())
    }
}
