/// User-model benchmark (to be written with the user-model issue).
enum ModelBenchmark {
    static func run(arguments: [String]) {}
}
