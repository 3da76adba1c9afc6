/// Every command the shell knows, grouped by topic file.
enum BuiltinCommands {
    static var all: [Command] {
        HelpCommands.all + ValueCommands.all + WorldCommands.all + AgentCommands.all + TrainCommands.all
            + ValidationCommands.all + PlotCommands.all + PluginCommands.all + SessionCommands.all + ModelCommands.all
            + SweepCommands.all + LoggingCommands.all + OffPolicyCommands.all
    }
}
