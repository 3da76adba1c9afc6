import Foundation
import SegueCore

/// `sweep report`: a sweep's results from the shell (sweeps themselves run
/// from the command line: `segue sweep FILE NAME=VALUES …`).
enum SweepCommands {
    static let all = [sweep]

    static let sweep = Command(
        "sweep", topic: "sessions", usage: "sweep report DIR [csv=PATH] [jsonl=PATH]",
        abstract: "summarise a sweep: per setting, mean ± 95% t-interval across seeds, the best setting, a plot",
        discussion: """
        A sweep runs a session file with `#! param NAME DEFAULT` lines once per combination of values:
        `segue sweep FILE lr=1e-4,3e-4 seed=0..3` (see README, Sweeps). `sweep report DIR` reads its folder;
        csv= and jsonl= write one row per figure and setting, for pandas.
        """,
        completions: [.words(["report"]), .path],
        options: [.path("csv", "write one row per figure and setting to this file"),
                  .path("jsonl", "write one JSON object per figure and setting to this file")],
        run: { inv, session in
            guard inv.positional.first == "report", inv.positional.count == 2 else {
                throw SegueError("usage: sweep report DIR [csv=PATH] [jsonl=PATH]", hint: "run sweeps with `segue sweep FILE NAME=VALUES …` from a terminal")
            }
            let report = try SweepReport(folder: SweepFolder(inv.positional[1]))
            session.print(report.text(style: session.plotStyle))
            if let path = inv.option("csv") { try AtomicFile.write(report.csv(), to: path); session.print("wrote \(path)") }
            if let path = inv.option("jsonl") { try AtomicFile.write(report.jsonl(), to: path); session.print("wrote \(path)") }
            return nil
        })
}
