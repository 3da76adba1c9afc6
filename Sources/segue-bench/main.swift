/// The segue-bench executable: see issue notes; implemented with the benchmark workload.
import SegueAgents
